import type * as vscode from 'vscode';
import type { SyncSection } from '../../dashboard/protocol';
import type { CoordinationRoot } from '../coordinationRoot';
import type { RootSyncState } from '../rootSync';

/** Where the dashboard reads the sync loop from (the extension's SyncController), so the panel runs no git itself. */
export interface DashboardSyncSource {
  sectionOf(root: CoordinationRoot): SyncSection | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

/** The page's view of a root's sync state: plain numbers and words. */
export function syncSection(state: RootSyncState | undefined): SyncSection | undefined {
  if (!state) return undefined;
  const last = state.last;
  return {
    running: state.running,
    pendingClaims: last?.claims.pending.length ?? 0,
    ...(last
      ? {
          outcome: last.outcome,
          at: Date.parse(last.startedAt) + last.durationMs,
          where: last.mode === 'local' ? 'this repository' : last.remote,
          branch: last.branch,
          ahead: last.ahead,
          behind: last.behind,
          fetched: last.fetched,
          pushed: last.pushed,
          ...(last.reason ? { reason: last.reason } : {}),
        }
      : {}),
    ...(state.error ? { reason: state.error } : {}),
    ...(state.nextRunAt ? { nextRunAt: state.nextRunAt } : {}),
    ...(state.loopElsewhere ? { loopElsewhere: state.loopElsewhere } : {}),
  };
}
