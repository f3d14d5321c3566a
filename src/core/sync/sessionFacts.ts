import type { CoordContext } from '../records/context';
import { findSession } from '../sessions/sessions';
import { isGoneHere, isOwnSession } from '../sessions/ownSessions';

/**
 * Whether a session has ended, read from its file. Across computers this is the one liveness fact that does not
 * depend on anyone's clock, so it is the only one that frees another computer's claim before its lease runs out.
 */
export function sessionEnded(ctx: CoordContext, id: string): boolean {
  try {
    return findSession(ctx, id)?.endedAt !== undefined;
  } catch {
    return false;
  }
}

/** Whether a session was started in this live tree (see ownSessions.ts): its claims are judged by this clock. */
export function sessionIsLocal(ctx: CoordContext, id: string): boolean {
  try {
    return isOwnSession(ctx, id, findSession(ctx, id)?.host);
  } catch {
    return false;
  }
}

/**
 * Whether a claim of `id` is free here without waiting for its lease: the session ended (an explicit fact), or it
 * is gone as this tree has seen it (isGoneHere: no newer heartbeat seen here for the gone threshold, by this clock).
 * For another computer's session its claim's ref must also have stood unchanged for the gone threshold since this
 * computer first saw that value (`refSeenAt`, this clock): a live holder's loop publishes each renewal, and the
 * step that takes the claim over is a compare-and-swap on that very value, so a renewal meanwhile makes it fail.
 * A stale copy of the holder's session alone is no evidence: a computer whose own rounds kept failing read its
 * own silence as the holder's and took a live claim over (the claim checker, seed 2104554926).
 */
export function holderFreesClaim(ctx: CoordContext, id: string, refSeenAt: number | undefined): boolean {
  try {
    const session = findSession(ctx, id);
    if (!session) return false;
    if (session.endedAt !== undefined) return true;
    if (!isGoneHere(ctx, session)) return false;
    if (isOwnSession(ctx, session.id, session.host)) return true;
    return refSeenAt !== undefined && ctx.clock.now() - refSeenAt > ctx.config.goneAfterSeconds * 1000;
  } catch {
    return false;
  }
}
