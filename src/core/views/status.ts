import { listClaims, type ClaimView } from '../claims/claims';
import type { CoordContext } from '../records/context';
import { DiagnosticSink, type Diagnostic } from '../store/diagnostics';
import { countInbox, messageTotals, type InboxCounts } from '../messages/messages';
import { listSessions, type SessionView } from '../sessions/sessions';
import { listWork, type WorkState, type WorkView } from '../work/work';
import type { Liveness } from '../sessions/liveness';
import type { CoordinationSnapshot } from './treeCache';

export interface StatusSnapshot {
  dir: string;
  now: string;
  self?: { id: string; inbox: InboxCounts };
  sessions: (SessionView & { claims: string[] })[];
  sessionCounts: Record<Liveness, number>;
  claims: ClaimView[];
  /** Absent unless asked for: counting every inbox lists every message file (100,000 names cost most of a status). */
  messages?: { total: number; today: number };
  work: Record<WorkState, number>;
  workItems: WorkView[];
  diagnostics: Diagnostic[];
}

/**
 * Everything a front end shows, in one read of the tree. Messages are counted from file names only, so the
 * cost does not grow with their contents.
 */
export function readStatus(
  ctx: CoordContext,
  selfId?: string,
  options: { messageTotals?: boolean } = {},
): StatusSnapshot {
  const sink = new DiagnosticSink();
  const now = ctx.clock.now();
  const sessions = listSessions(ctx, sink);
  const claims = listClaims(ctx, sink);
  const workItems = listWork(ctx, sink, claims);
  const claimsByHolder = new Map<string, string[]>();
  for (const view of claims) {
    const list = claimsByHolder.get(view.claim.holder) ?? [];
    list.push(`${view.claim.type}/${view.claim.name}`);
    claimsByHolder.set(view.claim.holder, list);
  }
  const sessionCounts: Record<Liveness, number> = { active: 0, stale: 0, gone: 0, ended: 0 };
  for (const view of sessions) sessionCounts[view.state]++;
  const work: Record<WorkState, number> = { ready: 0, claimed: 0, blocked: 0, done: 0 };
  for (const view of workItems) work[view.state]++;
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  const totals = options.messageTotals === false ? undefined : messageTotals(ctx, startOfDay.getTime());
  return {
    dir: ctx.layout.dir,
    now: new Date(now).toISOString(),
    ...(selfId ? { self: { id: selfId, inbox: countInbox(ctx, selfId) } } : {}),
    sessions: sessions
      .map((v) => ({ ...v, claims: claimsByHolder.get(v.session.id) ?? [] }))
      .sort((a, b) => a.session.name.localeCompare(b.session.name) || a.session.id.localeCompare(b.session.id)),
    sessionCounts,
    claims: claims.sort((a, b) => a.claim.type.localeCompare(b.claim.type) || a.claim.name.localeCompare(b.claim.name)),
    ...(totals ? { messages: { total: totals.total, today: totals.since } } : {}),
    work,
    workItems,
    diagnostics: sink.items,
  };
}

/**
 * The same snapshot told from a tree held in memory (a long-lived board), so a change costs the files it touched
 * instead of a read of the whole tree. `inbox` is the self session's `countInbox` — counted from file names as
 * `readStatus` counts it, so the two agree on every number — which the caller refreshes only when a message or a
 * read marker changed. Message totals are left out, as `readStatus` leaves them out by default.
 */
export function statusFromCache(snapshot: CoordinationSnapshot, inbox?: InboxCounts): StatusSnapshot {
  const sessionCounts: Record<Liveness, number> = { active: 0, stale: 0, gone: 0, ended: 0 };
  for (const view of snapshot.sessions) sessionCounts[view.state]++;
  const work: Record<WorkState, number> = { ready: 0, claimed: 0, blocked: 0, done: 0 };
  for (const view of snapshot.work) work[view.state]++;
  const self = snapshot.selfId;
  return {
    dir: snapshot.dir,
    now: new Date(snapshot.now).toISOString(),
    ...(self && inbox ? { self: { id: self, inbox } } : {}),
    sessions: snapshot.sessions.map(({ claims, ...view }) => ({
      ...view,
      claims: claims.map((c) => `${c.claim.type}/${c.claim.name}`),
    })),
    sessionCounts,
    claims: snapshot.claims,
    work,
    workItems: snapshot.work,
    diagnostics: snapshot.diagnostics,
  };
}
