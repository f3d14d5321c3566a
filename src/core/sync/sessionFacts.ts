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
 */
export function holderFreesClaim(ctx: CoordContext, id: string): boolean {
  try {
    const session = findSession(ctx, id);
    if (!session) return false;
    if (session.endedAt !== undefined) return true;
    return isGoneHere(ctx, session);
  } catch {
    return false;
  }
}
