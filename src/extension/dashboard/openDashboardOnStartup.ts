import * as vscode from 'vscode';
import { dashboardViewType } from '../../dashboard/protocol';
import type { CoordinationWorkspace } from '../coordinationWorkspace';

/**
 * `coordination.dashboard.openOnStartup`: opens the dashboard once the window starts, so a newcomer (`npm start`'s
 * demo sets it) sees the coordination first. A dashboard VS Code is restoring from the last session is already a
 * tab before its page comes back, so it is looked for among the tabs and never opened a second time.
 */
export function openDashboardOnStartup(workspace: CoordinationWorkspace, log: vscode.LogOutputChannel): void {
  if (!vscode.workspace.getConfiguration('coordination').get<boolean>('dashboard.openOnStartup', false)) return;
  if (workspace.withTree().length === 0) return;
  const isDashboard = (tab: vscode.Tab) =>
    tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(dashboardViewType);
  const restoring = vscode.window.tabGroups.all.some((group) => group.tabs.some(isDashboard));
  if (restoring) return;
  void vscode.commands.executeCommand('coordination.openDashboard').then(undefined, (error: unknown) => {
    log.warn(`Could not open the dashboard on startup: ${String(error)}`);
  });
}
