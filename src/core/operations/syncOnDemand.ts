import type { CoordContext } from '../records/context';
import type { Claim } from '../records/claim';
import type { SyncSettings } from '../sync/syncSettings';

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
  return (renewed) => {
    const { renewalsReached } = require('./heartbeatSession') as HeartbeatSessionModule;
    return renewalsReached(ctx, settings(), renewed);
  };
}
