import { usageError } from '../core/files/errors';
import { assertSlug } from '../core/files/slug';
import type { AgentToolEnv } from './agentTool';

/** The session a call acts as; refuses with what to do when there is none yet. */
export function requireActingSession(env: AgentToolEnv, explicit: string | undefined): string {
  if (explicit !== undefined) return assertSlug('session', explicit);
  const session = env.actingSession(undefined);
  if (!session) throw usageError(
    'no session yet: this call needs one',
    'call the register tool first (or pass `session`: the id of a live session)',
    { action: 'register-session' },
  );
  return session;
}
