import { createExclusive, toJson, writeFileAtomic } from '../store/atomicFile';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { badTree, refused, usageError } from '../store/errors';
import { newWorkId } from '../store/ids';
import { findClaim, listClaims, releaseClaim, takeClaim, type ClaimView } from '../claims/claims';
import { listRecords, readRecord } from '../records/recordReader';
import { workItemSchema, type WorkItem } from '../records/workItem';
import type { Claim } from '../records/claim';
import { isSessionAlive, requireOwnSession } from '../sessions/sessions';
import { routeReadyWork } from './workRouting';
import { assertSlug } from '../store/slug';

/** The claim type that marks a work item as taken. */
export const workClaimType = 'work';

export type WorkState = 'done' | 'claimed' | 'blocked' | 'ready';

export interface WorkView {
  item: WorkItem;
  state: WorkState;
  holder?: string;
  /** Dependencies that are not done yet (missing ones count as not done). */
  waitingOn: string[];
}

export interface AddWorkOptions {
  priority?: number;
  dependsOn?: string[];
  createdBy?: string;
  /** The role the item is for; sessions of that role are offered it first. */
  role?: string;
}

export function addWork(ctx: CoordContext, title: string, options: AddWorkOptions = {}): WorkItem {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw usageError('the work item title is empty');
  const priority = options.priority ?? 50;
  if (!Number.isInteger(priority) || priority < 0 || priority > 100)
    throw usageError(`the priority ${priority} must be a whole number from 0 to 100`);
  const dependsOn = (options.dependsOn ?? []).map((id) => assertSlug('the item it depends on', id));
  for (const dep of dependsOn) {
    const found = readRecord(ctx.layout.workFile(dep), workItemSchema, 'work');
    if (!found.ok)
      throw refused(
        `no work item ${dep} (the item it depends on)`,
        undefined,
        { dependsOn: dep },
        { action: 'choose-existing', kind: 'work-item' },
      );
  }
  const now = isoTime(ctx.clock.now());
  for (let attempt = 0; attempt < 5; attempt++) {
    const item: WorkItem = {
      object: 'work',
      version: 1,
      id: newWorkId(trimmed),
      title: trimmed,
      priority,
      status: 'open',
      dependsOn,
      createdAt: now,
      updatedAt: now,
      ...(options.createdBy ? { createdBy: options.createdBy } : {}),
      ...(options.role?.trim() ? { role: options.role.trim() } : {}),
    };
    if (!workItemSchema.safeParse(item).success)
      throw usageError(
        'the title (300 characters at most) or the role (100) is too long or contains control characters',
      );
    if (createExclusive(ctx.layout.workFile(item.id), toJson(item))) return item;
  }
  throw refused('could not mint a unique work item id after 5 attempts');
}

export function listWork(ctx: CoordContext, sink = new DiagnosticSink(), claims?: ClaimView[]): WorkView[] {
  const items = listRecords(ctx.layout.workDir, workItemSchema, 'work', sink)
    .filter((r) => {
      if (r.value.id === r.name) return true;
      sink.add(r.path, `holds work item ${JSON.stringify(r.value.id)} but is named ${r.name}.json`);
      return false;
    })
    .map((r) => r.value);
  return buildWorkViews(items, claims ?? listClaims(ctx, sink));
}

/** Derives each item's state from the items and the live claims: pure, so caches and listings share it. */
export function buildWorkViews(items: Iterable<WorkItem>, claims: Iterable<ClaimView>): WorkView[] {
  const all = [...items];
  const done = new Set(all.filter((i) => i.status === 'done').map((i) => i.id));
  const holders = new Map<string, string>();
  for (const view of claims) {
    if (view.claim.type === workClaimType && !view.free) holders.set(view.claim.name, view.claim.holder);
  }
  return all
    .map((item): WorkView => {
      const waitingOn = item.dependsOn.filter((d) => !done.has(d));
      const holder = holders.get(item.id);
      const state: WorkState =
        item.status === 'done' ? 'done' : holder ? 'claimed' : waitingOn.length > 0 ? 'blocked' : 'ready';
      return { item, state, waitingOn, ...(holder ? { holder } : {}) };
    })
    .sort(byPriority);
}

function byPriority(a: WorkView, b: WorkView): number {
  return (
    b.item.priority - a.item.priority ||
    a.item.createdAt.localeCompare(b.item.createdAt) ||
    a.item.id.localeCompare(b.item.id)
  );
}

/**
 * Claims the best ready item for the caller in one atomic step: items assigned to it first, then items for its
 * role, then the rest by priority (see workRouting.ts). The claim `work/<id>` is the step, so racing callers each
 * get a different item (or none).
 */
export function claimNextWork(
  ctx: CoordContext,
  sessionId: string,
  ttlSeconds?: number,
  skip: ReadonlySet<string> = new Set(),
): (WorkView & { claim?: Claim }) | undefined {
  const self = requireOwnSession(ctx, sessionId);
  const seeker = { id: self.id, ...(self.role ? { role: self.role } : {}) };
  const assigneeAlive = (id: string): boolean => {
    try {
      return isSessionAlive(ctx, id);
    } catch {
      return false; // A broken session file cannot act on what it was assigned.
    }
  };
  for (const view of routeReadyWork(listWork(ctx), seeker, assigneeAlive)) {
    if (skip.has(view.item.id)) continue;
    try {
      const result = takeClaim(ctx, sessionId, workClaimType, view.item.id, {
        ttlSeconds,
        reason: view.item.title.slice(0, 500),
      });
      return { ...view, state: 'claimed', holder: result.claim.holder, claim: result.claim };
    } catch (error) {
      if (error instanceof Error && 'code' in error && (error as { code: string }).code === 'refused') continue;
      throw error;
    }
  }
  return undefined;
}

/** Marks an item done (by its claimer, or by anyone when nobody holds it) and releases its claim. */
export function completeWork(ctx: CoordContext, sessionId: string, id: string): WorkItem {
  return completeWorkItem(ctx, sessionId, id).item;
}

/** As completeWork, with the claim it released (for the authority to hear of the release). */
export function completeWorkItem(
  ctx: CoordContext,
  sessionId: string,
  id: string,
): { item: WorkItem; released?: Claim } {
  requireOwnSession(ctx, sessionId);
  const path = ctx.layout.workFile(id);
  const found = readRecord(path, workItemSchema, 'work');
  if (!found.ok) {
    if (found.missing)
      throw refused(`no work item ${id}`, undefined, { id }, { action: 'choose-existing', kind: 'work-item' });
    throw badTree(`work item ${path} ${found.reason}`, undefined, undefined, { action: 'repair-tree', path });
  }
  // Done already (on another computer, before this one heard of it): the caller's claim on it is released all the
  // same, or its heartbeats would go on renewing a claim on finished work that `work done` said was over.
  if (found.value.status === 'done')
    return { item: found.value, ...releaseOwn(ctx, sessionId, id, findClaim(ctx, workClaimType, id)?.claim) };
  const claims = listClaims(ctx);
  const view = claims.find((v) => v.claim.type === workClaimType && v.claim.name === id);
  if (view && !view.free && view.claim.holder !== sessionId) {
    throw refused(`work item ${id} is claimed by ${view.claim.holder}; only its holder marks it done`, undefined, {
      holder: view.claim.holder,
    });
  }
  const waitingOn =
    buildWorkViews(
      [
        found.value,
        ...listRecords(ctx.layout.workDir, workItemSchema, 'work', new DiagnosticSink())
          .map((r) => r.value)
          .filter((w) => w.id !== id),
      ],
      claims,
    ).find((w) => w.item.id === id)?.waitingOn ?? [];
  if (waitingOn.length > 0) {
    throw refused(
      `work item ${id} is blocked on ${waitingOn.join(', ')}`,
      undefined,
      { waitingOn },
      {
        action: 'finish-dependencies',
        waitingOn,
      },
    );
  }
  const item: WorkItem = { ...found.value, status: 'done', updatedAt: isoTime(ctx.clock.now()), doneBy: sessionId };
  writeFileAtomic(path, toJson(item));
  return { item, ...releaseOwn(ctx, sessionId, id, view?.claim) };
}

function releaseOwn(ctx: CoordContext, sessionId: string, id: string, claim: Claim | undefined): { released?: Claim } {
  if (claim?.holder !== sessionId) return {};
  try {
    return { released: releaseClaim(ctx, sessionId, workClaimType, id).claim };
  } catch {
    // Already released: the item is done either way.
    return {};
  }
}
