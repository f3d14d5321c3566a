import type { WorkView } from './work';

/** Who is asking for work: a session's id and, if it has one, its role. */
export interface WorkSeeker {
  id: string;
  role?: string;
}

/**
 * How well a ready item fits a seeker, best first: assigned to it, for its role, for anyone, for another role.
 * `undefined`: the item is delegated to another session that is still alive, so it is not offered to others.
 */
export type RouteRank = 0 | 1 | 2 | 3;

export function routeRank(
  view: WorkView,
  seeker: WorkSeeker,
  assigneeAlive: (id: string) => boolean,
): RouteRank | undefined {
  const { assignee, role } = view.item;
  if (assignee === seeker.id) return 0;
  // Delegation holds while the assignee can still act on it; an item assigned to a gone session is anyone's again.
  if (assignee !== undefined && assigneeAlive(assignee)) return undefined;
  if (role === undefined || role.trim() === '') return 2;
  return seeker.role !== undefined && sameRole(role, seeker.role) ? 1 : 3;
}

export function sameRole(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The ready items a seeker may take, in the order it should be offered them: by route rank, then in the queue's
 * own order (priority, then age), which `views` is already sorted by.
 */
export function routeReadyWork(
  views: readonly WorkView[],
  seeker: WorkSeeker,
  assigneeAlive: (id: string) => boolean,
): WorkView[] {
  const ranked: { view: WorkView; rank: RouteRank; index: number }[] = [];
  views.forEach((view, index) => {
    if (view.state !== 'ready') return;
    const rank = routeRank(view, seeker, assigneeAlive);
    if (rank !== undefined) ranked.push({ view, rank, index });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.view);
}
