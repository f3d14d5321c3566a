import type { CoordContext } from '../records/context';
import { isAlive } from '../sessions/liveness';
import { listSessions } from '../sessions/sessions';

export interface Committer {
  /** The sessions whose claims do not stop this commit: it is theirs. */
  sessions: string[];
  /** How they were chosen, for the guard's message. */
  how: string;
}

/**
 * Who is committing. With a session (COORD_SESSION, --session) it is that session. Without one it is the people
 * at this computer: the live sessions of kind `human` on this host — VS Code's window registers as one, and VS
 * Code's git runs hooks without COORD_SESSION. An agent commits with COORD_SESSION set, so its commit is judged
 * against everyone else, people included.
 */
export function findCommitter(ctx: CoordContext, session: string): Committer {
  if (session) return { sessions: [session], how: `session ${session}` };
  const humans = listSessions(ctx)
    .filter((v) => v.session.kind === 'human' && v.session.host === ctx.host && isAlive(v.state))
    .map((v) => v.session.id);
  return {
    sessions: humans,
    how: humans.length
      ? `no COORD_SESSION: taken as this computer's human session${humans.length === 1 ? '' : 's'} ${humans.join(', ')}`
      : 'no COORD_SESSION and no live human session on this computer: every claim counts',
  };
}
