import type { CoordContext } from '../records/context';
import { releaseHeldClaims, renewHeldClaims } from './claims';
import type { Claim } from '../records/claim';
import type { Heartbeat, Session } from '../records/session';
import { markEnded, recordHeartbeat, requireOwnSession } from '../sessions/sessions';

/** A heartbeat records the beat and renews every claim the session holds. */
export function heartbeat(
  ctx: CoordContext,
  sessionId: string,
  beat: Heartbeat,
): { session: Session; renewed: Claim[] } {
  const session = recordHeartbeat(ctx, sessionId, beat);
  return { session, renewed: renewHeldClaims(ctx, sessionId) };
}

/** Stopping releases the session's claims and marks it ended; its messages stay. */
export function stopSession(ctx: CoordContext, sessionId: string): { session: Session; released: Claim[] } {
  const session = requireOwnSession(ctx, sessionId);
  const released = releaseHeldClaims(ctx, sessionId);
  return { session: markEnded(ctx, session), released };
}
