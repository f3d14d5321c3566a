import type { CoordContext } from '../records/context';
import { heartbeat } from '../claims/sessionLifecycle';
import type { Claim } from '../records/claim';
import type { Heartbeat, Session } from '../records/session';
import { publishDueRenewals } from '../sync/claimConfirm';
import type { SyncSettings } from '../sync/syncSettings';

/**
 * Records a beat, renews the session's claims, and publishes the renewals the remote is due (a lease there past
 * half its ttl), so a live agent's claims stay live for other computers with no loop running.
 */
export async function heartbeatSession(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
  beat: Heartbeat,
): Promise<{ session: Session; renewed: Claim[] }> {
  const result = heartbeat(ctx, session, beat);
  await renewalsReached(ctx, settings, result.renewed);
  return result;
}

/** Publishes due renewals of claims renewed elsewhere in the code (a hook's beat); never fails the caller. */
export async function renewalsReached(ctx: CoordContext, settings: SyncSettings, renewed: Claim[]): Promise<void> {
  if (renewed.length === 0) return;
  try {
    await publishDueRenewals(ctx, settings, renewed);
  } catch {
    // The next sync round publishes them; a beat must not fail because git did.
  }
}
