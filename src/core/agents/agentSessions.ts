import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import type { CoordContext } from '../records/context';
import { textFingerprint } from '../store/randomBytes';
import { readBoundedFile } from '../records/recordReader';
import { slugify } from '../store/slug';
import { agentSessionName } from './agentKind';
import { stopSession } from '../claims/sessionLifecycle';
import { isAlive, livenessOf } from '../sessions/liveness';
import type { Claim } from '../records/claim';
import type { Session } from '../records/session';
import { findSession, startSession } from '../sessions/sessions';

/**
 * Which coordination session an agent's own session acts as — Claude Code, Codex and Gemini CLI give every hook
 * their `session_id`, but not the agent's shell commands, and the hooks do not share an environment. The link lives in
 * `.local/agent-sessions/` (this computer only), one small file per agent session.
 */
interface AgentSessionLink {
  session: string;
  /** Registered by the hook (so the hook may end it), not given by the user through COORD_SESSION. */
  registered: boolean;
}

function linkFile(ctx: CoordContext, agentSessionId: string): string {
  // A readable part and a hash: the agent's id is not ours to trust as a file name.
  return join(
    ctx.layout.localDir,
    'agent-sessions',
    `${slugify(agentSessionId, 40, 'agent')}-${textFingerprint(agentSessionId)}.json`,
  );
}

/** The coordination session linked to an agent session, while it is alive; undefined otherwise. */
export function linkedSession(
  ctx: CoordContext,
  agentSessionId: string,
): (AgentSessionLink & { state: Session }) | undefined {
  const read = readBoundedFile(linkFile(ctx, agentSessionId));
  if (!read.ok) return undefined;
  let link: AgentSessionLink;
  try {
    link = JSON.parse(read.raw) as AgentSessionLink;
  } catch {
    return undefined;
  }
  if (typeof link?.session !== 'string') return undefined;
  let state: Session | undefined;
  try {
    state = findSession(ctx, link.session);
  } catch {
    return undefined;
  }
  if (!state || !isAlive(livenessOf(state, ctx.clock.now(), ctx.config))) return undefined;
  return { session: link.session, registered: link.registered === true, state };
}

export function linkSession(ctx: CoordContext, agentSessionId: string, link: AgentSessionLink): void {
  writeFileAtomic(linkFile(ctx, agentSessionId), toJson(link));
}

export interface AgentSessionStart {
  session: Session;
  /** The agent session was linked already (a resume, a compaction): the same coordination session goes on. */
  resumed: boolean;
}

/**
 * At an agent session's start: the coordination session it was linked to if that one is still alive, else a new
 * one, registered for it and linked.
 */
export function startAgentSession(
  ctx: CoordContext,
  agentSessionId: string,
  options: { name?: string; role?: string },
): AgentSessionStart {
  const linked = linkedSession(ctx, agentSessionId);
  if (linked) return { session: linked.state, resumed: true };
  const session = startSession(ctx, {
    kind: 'agent',
    name: options.name ?? agentSessionName(undefined, agentSessionId),
    ...(options.role ? { role: options.role } : {}),
  });
  linkSession(ctx, agentSessionId, { session: session.id, registered: true });
  return { session, resumed: false };
}

/** At an agent session's end: stops the coordination session the hook registered for it (releasing its claims). */
export function endAgentSession(
  ctx: CoordContext,
  agentSessionId: string,
): { session: Session; released: Claim[] } | undefined {
  const linked = linkedSession(ctx, agentSessionId);
  if (!linked?.registered) return undefined;
  return stopSession(ctx, linked.session);
}
