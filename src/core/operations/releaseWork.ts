import type { CoordContext } from '../records/context';
import { releaseClaim, type ReleaseResult } from '../claims/claims';
import { confirmReleases } from '../sync/claimConfirm';
import type { SyncSettings } from '../sync/syncSettings';

export interface ReleaseAnswer extends ReleaseResult {
  /** What the remote heard: released there now, left to the next round (pending), or no remote (local). */
  remote: 'released' | 'pending' | 'local';
}

/** Releases a claim (or force-releases, telling its holder) and deletes its ref on the remote at once. */
export async function releaseWork(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
  type: string,
  name: string,
  force: boolean,
): Promise<ReleaseAnswer> {
  const result = releaseClaim(ctx, session, type, name, force);
  return { ...result, remote: await confirmReleases(ctx, settings, [result.claim]) };
}
