import { usageError } from '../core/store/errors';
import { assertSlug } from '../core/store/slug';
import { requireOwnSession } from '../core/sessions/sessions';
import type { AgentToolEnv } from './agentTool';

/**
 * The session a call acts as, known to this tree and not ended: every tool acts only as a registered session, so
 * an unknown or ended one is refused the same way everywhere (register-session). Refuses with what to do when
 * there is none yet.
 */
export function requireActingSession(env: AgentToolEnv, explicit: string | undefined): string {
  const session = optionalActingSession(env, explicit);
  if (!session)
    throw usageError(
      'no session yet: this call needs one',
      'call the register tool first (or pass `session`: the id of a live session)',
      { action: 'register-session' },
    );
  return session;
}

/** The session a call acts as when it has one (checked as requireActingSession does), else undefined. */
export function optionalActingSession(env: AgentToolEnv, explicit: string | undefined): string | undefined {
  const session = explicit !== undefined ? assertSlug('session', explicit) : env.actingSession(undefined);
  if (session !== undefined) requireOwnSession(env.ctx, session);
  return session;
}
