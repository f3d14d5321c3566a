import type { CoordContext } from '../records/context';
import { stopSession as endSession } from '../claims/sessionLifecycle';
import type { Claim } from '../records/claim';
import type { Session } from '../records/session';
import { confirmReleases } from '../sync/claimConfirm';
import type { SyncSettings } from '../sync/syncSettings';

/** Ends a session, releases its claims and deletes their refs on the remote at once. */
export async function stopSession(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
): Promise<{ session: Session; released: Claim[] }> {
  const result = endSession(ctx, session);
  if (result.released.length > 0) await confirmReleases(ctx, settings, result.released);
  return result;
}

/** As stopSession for claims already released by someone else's code path (an agent's hook that ended it). */
export async function releasedOnAuthority(ctx: CoordContext, settings: SyncSettings, released: Claim[]): Promise<void> {
  if (released.length > 0) await confirmReleases(ctx, settings, released);
}
