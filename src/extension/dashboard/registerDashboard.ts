import * as vscode from 'vscode';
import { dashboardViewType } from '../../dashboard/protocol';
import { registerCommand } from '../commands/commandRunner';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { DashboardPanel } from './dashboardPanel';
import type { DashboardHealthSource } from './healthSection';
import type { DashboardSyncSource } from './syncSection';

export interface DashboardRegistration {
  disposables: vscode.Disposable[];
  /** The open panel, if any. */
  current(): DashboardPanel | undefined;
}

/**
 * The Open Dashboard command and the serializer that brings the panel back after a reload. Registration only:
 * nothing is read and no page is built until the panel opens.
 */
export function registerDashboard(
  extensionUri: vscode.Uri,
  workspace: CoordinationWorkspace,
  log: vscode.LogOutputChannel,
  health?: DashboardHealthSource,
  sync?: DashboardSyncSource,
): DashboardRegistration {
  let current: DashboardPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel): DashboardPanel => {
    const dashboard = new DashboardPanel(panel, extensionUri, workspace, log, health, sync);
    current = dashboard;
    dashboard.onDidDispose(() => {
      if (current === dashboard) current = undefined;
    });
    return dashboard;
  };
  return {
    current: () => current,
    disposables: [
      registerCommand(log, 'coordination.openDashboard', () => {
        if (current) return current.reveal();
        // Not retainContextWhenHidden: the page keeps its own state (getState/setState) and is rebuilt from a
        // fresh snapshot when shown, which costs far less memory than a page kept alive in the background.
        const panel = vscode.window.createWebviewPanel(dashboardViewType, 'Coordination', vscode.ViewColumn.Active, {
          ...DashboardPanel.webviewOptions(extensionUri),
          enableFindWidget: true,
        });
        adopt(panel);
      }),
      vscode.window.registerWebviewPanelSerializer(dashboardViewType, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
          // The page's own state comes back with it through getState(); the host only needs to attach.
          adopt(panel);
        },
      }),
      // The panel itself stays: VS Code restores it through the serializer on the next start.
      { dispose: () => current?.dispose() },
    ],
  };
}
