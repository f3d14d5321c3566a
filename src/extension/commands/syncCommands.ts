import * as vscode from 'vscode';
import { syncSummary, type SyncResult } from '../../core/sync/syncResult';
import type { CoordinationRoot } from '../coordinationRoot';
import type { SyncController } from '../syncController';
import { registerCommand } from './commandRunner';
import { requireRoot, type CommandDeps } from './commandDeps';

export function registerSyncCommands(deps: CommandDeps, sync: SyncController): vscode.Disposable[] {
  return [
    registerCommand(
      deps.log,
      'coordination.syncNow',
      async (arg?: { root?: CoordinationRoot }): Promise<SyncResult | undefined> => {
        const root = await requireRoot(deps, 'Sync Now', arg?.root);
        if (!root) return undefined;
        const result = await sync.syncNow(root);
        if (result.outcome === 'synced' || result.outcome === 'up-to-date') {
          vscode.window.setStatusBarMessage(
            `$(cloud) Coordination: ${result.outcome === 'synced' ? `synced (received ${result.fetched}, pushed ${result.pushed})` : 'up to date'}`,
            4000,
          );
        } else {
          void vscode.window
            .showWarningMessage(`Coordination sync: ${syncSummary(result)}`, 'Show Log')
            .then((choice) => {
              if (choice) deps.log.show();
            });
        }
        return result;
      },
    ),
  ];
}
