import * as vscode from 'vscode';
import { defaultSyncSettings } from '../core/sync/syncSettings';
import { readSyncSettings } from './syncSettings';

/**
 * Agents started in this window's terminals run `coord`, which reads COORD_SYNC_REMOTE / COORD_SYNC_BRANCH: set
 * them from the settings, so a claim an agent confirms goes to the same remote and branch the window syncs.
 */
export function exportSyncSettingsToTerminals(collection: vscode.GlobalEnvironmentVariableCollection): void {
  const settings = readSyncSettings();
  collection.description = 'Session Coordination: the git remote and branch coord syncs with';
  for (const [name, value, fallback] of [
    ['COORD_SYNC_REMOTE', settings.remote, defaultSyncSettings.remote],
    ['COORD_SYNC_BRANCH', settings.branch, defaultSyncSettings.branch],
  ] as const) {
    if (value === fallback) collection.delete(name);
    else collection.replace(name, value);
  }
}
