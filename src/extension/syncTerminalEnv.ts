import type * as vscode from 'vscode';
import { syncEnvironment } from '../core/sync/syncSettings';
import { readSyncSettings } from './syncSettings';

/**
 * Agents started in this window's terminals run `coord`, which reads COORD_SYNC, COORD_SYNC_REMOTE and
 * COORD_SYNC_BRANCH: set them from the settings, so a claim an agent confirms goes to the same remote and branch
 * the window syncs, and nothing syncs when the window's sync is off.
 */
export function exportSyncSettingsToTerminals(collection: vscode.GlobalEnvironmentVariableCollection): void {
  collection.description = 'Session Coordination: whether and where coord syncs (the coordination.sync settings)';
  for (const [name, value] of Object.entries(syncEnvironment(readSyncSettings()))) {
    if (value === undefined) collection.delete(name);
    else collection.replace(name, value);
  }
}
