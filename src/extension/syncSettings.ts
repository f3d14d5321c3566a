import * as vscode from 'vscode';
import { defaultSyncSettings, type SyncSettings } from '../core/sync/syncSettings';
import { refNameProblem } from '../core/sync/gitNames';

export interface ExtensionSyncSettings extends SyncSettings {
  intervalMs: number;
}

/**
 * `coordination.sync.*`, read fresh each time so a change applies without a reload. A remote or branch name git
 * would refuse (or that could pass for an option) falls back to the default and says so in `problem`.
 */
export function readSyncSettings(scope?: vscode.Uri): ExtensionSyncSettings & { problem?: string } {
  const c = vscode.workspace.getConfiguration('coordination.sync', scope);
  const remote = c.get<string>('remote', defaultSyncSettings.remote).trim() || defaultSyncSettings.remote;
  const branch = c.get<string>('branch', defaultSyncSettings.branch).trim() || defaultSyncSettings.branch;
  const remoteProblem = remote.includes('/') ? 'must not contain "/"' : refNameProblem(remote);
  const branchProblem = refNameProblem(branch);
  const minutes = c.get<number>('intervalMinutes', 5);
  return {
    enabled: c.get<boolean>('enabled', true),
    remote: remoteProblem ? defaultSyncSettings.remote : remote,
    branch: branchProblem ? defaultSyncSettings.branch : branch,
    intervalMs: Math.max(1, Number.isFinite(minutes) ? minutes : 5) * 60_000,
    ...(remoteProblem || branchProblem
      ? {
          problem: [
            remoteProblem && `coordination.sync.remote ${JSON.stringify(remote)} ${remoteProblem}`,
            branchProblem && `coordination.sync.branch ${JSON.stringify(branch)} ${branchProblem}`,
          ]
            .filter(Boolean)
            .join('; '),
        }
      : {}),
  };
}
