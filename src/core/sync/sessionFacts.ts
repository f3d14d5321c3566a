import type { CoordContext } from '../files/context';
import { findSession } from '../sessions/sessions';
import { isOwnSession } from '../sessions/ownSessions';
import { livenessOf } from '../sessions/liveness';

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
 * is a session of this tree that is gone by this clock (its heartbeats are written here, so its age is exact).
 * Another computer's session is never judged gone here: its heartbeats reach this tree only through sync, and an
 * outage would make a live holder look gone.
 */
export function holderFreesClaim(ctx: CoordContext, id: string): boolean {
  try {
    const session = findSession(ctx, id);
    if (!session) return false;
    if (session.endedAt !== undefined) return true;
    return isOwnSession(ctx, id, session.host) && livenessOf(session, ctx.clock.now(), ctx.config) === 'gone';
  } catch {
    return false;
  }
}
