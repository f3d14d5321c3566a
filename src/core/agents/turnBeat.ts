import type { CoordContext } from '../records/context';
import { heartbeat } from '../claims/sessionLifecycle';
import { requireOwnSession } from '../sessions/sessions';
import type { Claim } from '../records/claim';

export interface TurnBeat {
  beat: boolean;
  /** Claims the beat renewed. */
  renewed: number;
  renewedClaims: Claim[];
}

/**
 * A heartbeat from an agent's turn hook, so an agent that never thinks of beating stays alive while it works:
 * it keeps what the last beat said the session was doing, and beats at most once per half interval, so a hook
 * that runs after every tool call does not rewrite the session file (and renew every claim) each time.
 */
export function beatIfDue(ctx: CoordContext, sessionId: string): TurnBeat {
  const session = requireOwnSession(ctx, sessionId);
  const ageMs = ctx.clock.now() - Date.parse(session.heartbeatAt);
  if (ageMs < ctx.config.heartbeatIntervalSeconds * 500) return { beat: false, renewed: 0, renewedClaims: [] };
  const { renewed } = heartbeat(ctx, sessionId, session.heartbeat ?? {});
  return { beat: true, renewed: renewed.length, renewedClaims: renewed };
}
