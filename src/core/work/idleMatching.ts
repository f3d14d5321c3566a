import type { ClaimView } from '../claims/claimView';
import { isAlive } from '../sessions/liveness';
import type { SessionView } from '../sessions/sessions';
import type { WorkView } from './work';
import { routeRank, type RouteRank } from './workRouting';

/** Heartbeat actions that say "nothing to do", as agents tend to write them. */
const idleActions = /^(idle|waiting|waiting for work|done|finished|available|free|nothing)$/i;

/** Alive, holding no live claim, and its last heartbeat names no action (or an idle one). */
export function idleSessions(sessions: readonly SessionView[], claims: readonly ClaimView[]): SessionView[] {
  const holding = new Set(claims.filter((c) => !c.free).map((c) => c.claim.holder));
  return sessions.filter((s) => {
    if (!isAlive(s.state) || holding.has(s.session.id)) return false;
    const action = s.session.heartbeat?.action?.trim();
    return !action || idleActions.test(action);
  });
}

export interface IdleMatch {
  session: string;
  role?: string;
  /** The best ready item for it that no other idle session was offered; absent when nothing is ready for it. */
  item?: WorkView;
  rank?: RouteRank;
}

/**
 * Offers each idle session the top ready item for it, each item to one session only. Rank by rank across all idle
 * sessions — first everyone's assigned items, then role items, then the rest — so an item assigned to one session
 * is never handed to another merely because that one was looked at first.
 */
export function matchIdleSessions(
  sessions: readonly SessionView[],
  claims: readonly ClaimView[],
  work: readonly WorkView[],
): IdleMatch[] {
  const idle = idleSessions(sessions, claims).sort(
    (a, b) => a.heartbeatAgeMs - b.heartbeatAgeMs || a.session.id.localeCompare(b.session.id),
  );
  const alive = new Set(sessions.filter((s) => isAlive(s.state)).map((s) => s.session.id));
  const ready = work.filter((w) => w.state === 'ready');
  const taken = new Set<string>();
  const matches = new Map<string, IdleMatch>();
  for (const rank of [0, 1, 2, 3] as const) {
    for (const s of idle) {
      if (matches.has(s.session.id)) continue;
      const seeker = { id: s.session.id, ...(s.session.role ? { role: s.session.role } : {}) };
      const item = ready.find((w) => !taken.has(w.item.id) && routeRank(w, seeker, (id) => alive.has(id)) === rank);
      if (!item) continue;
      taken.add(item.item.id);
      matches.set(s.session.id, {
        session: s.session.id,
        ...(s.session.role ? { role: s.session.role } : {}),
        item,
        rank,
      });
    }
  }
  return idle.map(
    (s) => matches.get(s.session.id) ?? { session: s.session.id, ...(s.session.role ? { role: s.session.role } : {}) },
  );
}
