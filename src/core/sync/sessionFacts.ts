import type { CoordContext } from '../records/context';
import { findSession } from '../sessions/sessions';
import { statSync } from 'node:fs';
import { isGoneHere, isOwnSession } from '../sessions/ownSessions';
import { readSyncState } from './syncState';

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
 * is gone as this tree has seen it (isGoneHere: no newer heartbeat seen here for the gone threshold, by this clock)
 * — and, for another computer's session, seen so by looking: this tree's last finished sync round began its look at
 * the remote more than the threshold after the session's file last changed here. Silence that comes from this
 * tree not syncing (outages, a loop in backoff or killed) is no news: counting it took a live holder's claim over
 * (the claim checker, seed 2104554926: the holder beat every 10–30 s while this computer's rounds kept failing).
 */
export function holderFreesClaim(ctx: CoordContext, id: string): boolean {
  try {
    const session = findSession(ctx, id);
    if (!session) return false;
    if (session.endedAt !== undefined) return true;
    if (!isGoneHere(ctx, session)) return false;
    if (isOwnSession(ctx, session.id, session.host)) return true;
    const seenAt = statSync(ctx.layout.sessionFile(session.id), { throwIfNoEntry: false })?.mtimeMs;
    const lookedAt = readSyncState(ctx.layout).lookedAt;
    return seenAt !== undefined && lookedAt !== undefined && lookedAt - seenAt > ctx.config.goneAfterSeconds * 1000;
  } catch {
    return false;
  }
}
