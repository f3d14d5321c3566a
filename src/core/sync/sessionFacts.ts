import type { CoordContext } from '../files/context';
import { findSession } from '../sessions/sessions';

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

/** Whether a session runs on this computer (its file names this host): its claims are judged by this clock. */
export function sessionIsLocal(ctx: CoordContext, id: string): boolean {
  try {
    return findSession(ctx, id)?.host === ctx.host;
  } catch {
    return false;
  }
}
