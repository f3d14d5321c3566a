import type { CoordContext } from '../files/context';
import { completeWorkItem } from '../work/work';
import type { WorkItem } from '../schemas/workItem';
import { confirmReleases } from '../sync/claimConfirm';
import type { SyncSettings } from '../sync/syncSettings';

/** Marks a work item done, releases its claim and deletes the claim's ref on the remote at once. */
export async function completeWork(ctx: CoordContext, settings: SyncSettings, session: string, id: string): Promise<WorkItem> {
  const { item, released } = completeWorkItem(ctx, session, id);
  if (released) await confirmReleases(ctx, settings, [released]);
  return item;
}
