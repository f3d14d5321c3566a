import type { CoordContext } from '../records/context';
import { endAgentSession } from '../agents/agentSessions';
import type { SyncSettings } from '../sync/syncSettings';

type StopSessionModule = typeof import('./stopSession');

export interface HookSessionEnded {
  /** The coordination session stopped, if the hook had registered one for this agent session. */
  ended?: string;
  /** Deletes the released claims' refs on the remote; undefined when nothing was released. */
  publish?: () => Promise<void>;
}

/**
 * SessionEnd: stops the coordination session the hook registered for the agent session (never one the person
 * gave through COORD_SESSION), releasing its claims; as `coord stop` does, their refs go from the remote now,
 * not at the next round.
 */
export function endHookSession(
  ctx: CoordContext,
  agentSessionId: string,
  settings: () => SyncSettings,
): HookSessionEnded {
  const ended = endAgentSession(ctx, agentSessionId);
  if (!ended) return {};
  const released = ended.released;
  if (released.length === 0) return { ended: ended.session.id };
  return {
    ended: ended.session.id,
    publish: () => {
      // Required here: the sync code is not loaded by a hook run that has nothing to publish.
      const { releasedOnAuthority } = require('./stopSession') as StopSessionModule;
      return releasedOnAuthority(ctx, settings(), released);
    },
  };
}
