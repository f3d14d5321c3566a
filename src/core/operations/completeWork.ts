import type { CoordContext } from '../records/context';
import { completeWorkItem } from '../work/work';
import type { WorkItem } from '../records/workItem';
import type { Claim } from '../records/claim';
import { confirmReleases } from '../sync/claimConfirm';
import type { SyncSettings } from '../sync/syncSettings';

export interface CompletedWork {
  item: WorkItem;
  /** The caller's claim on the item, released with it (absent when the caller held none). */
  released?: Claim;
}

/** Marks a work item done, releases its claim and deletes the claim's ref on the remote at once. */
export async function completeWork(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
  id: string,
): Promise<CompletedWork> {
  const done = completeWorkItem(ctx, session, id);
  if (done.released) await confirmReleases(ctx, settings, [done.released]);
  return done;
}
