import type { CoordContext } from '../records/context';
import type { Claim } from '../records/claim';
import type { SyncSettings } from '../sync/syncSettings';
import { renewalsDue } from '../sync/renewalsDue';

type SyncSettingsModule = typeof import('../sync/syncSettings');
type HeartbeatSessionModule = typeof import('./heartbeatSession');

/*
 * The sync code for a hook run, required when first used rather than imported: a hook run that has nothing to
 * publish (nearly every one, after every tool call) does not load it. Only the hook's operations use these; a
 * front end that runs long (the MCP server) imports the sync operations as usual — a `require` makes esbuild wrap
 * every module under it, which costs a bundle that loads them anyway.
 */

/** The sync settings from the environment, worked out when first asked for. */
export function syncSettingsOnDemand(env: Record<string, string | undefined>): () => SyncSettings {
  let settings: SyncSettings | undefined;
  return () => {
    if (!settings) {
      const { syncSettingsFrom } = require('../sync/syncSettings') as SyncSettingsModule;
      settings = syncSettingsFrom(env);
    }
    return settings;
  };
}

/** Publishes the renewals the remote is due (heartbeatSession.ts's renewalsReached); never fails. */
export function renewalsPublisherOnDemand(
  ctx: CoordContext,
  settings: () => SyncSettings,
): (renewed: Claim[]) => Promise<void> {
  return async (renewed) => {
    // Nearly every beat renews leases the remote holds fresh enough, or none there: known without the sync code.
    if (renewalsDue(ctx, renewed).length === 0) return;
    const { renewalsReached } = require('./heartbeatSession') as HeartbeatSessionModule;
    return renewalsReached(ctx, settings(), renewed);
  };
}
