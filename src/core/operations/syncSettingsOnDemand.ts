import type { SyncSettings } from '../sync/syncSettings';

type SyncSettingsModule = typeof import('../sync/syncSettings');

/**
 * The sync settings from the environment, worked out when first asked for. Required there, not imported: a hook
 * run that has nothing to publish (nearly every one, after every tool call) does not load the sync code.
 */
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
