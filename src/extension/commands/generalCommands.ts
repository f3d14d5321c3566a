import * as vscode from 'vscode';
import { registerCommand } from './commandRunner';
import type { CommandDeps } from './commandDeps';
import type { HeartbeatStatusBar } from '../statusBar';

export function registerGeneralCommands(deps: CommandDeps, statusBar: HeartbeatStatusBar): vscode.Disposable[] {
  const { log, workspace } = deps;
  return [
    registerCommand(log, 'coordination.showLog', () => log.show()),

    registerCommand(log, 'coordination.refresh', async () => {
      for (const root of workspace.withTree()) {
        if (root.isLoaded) root.reload();
        else await root.ensureLoaded();
      }
    }),

    registerCommand(log, 'coordination.statusBarMenu', async () => {
      const root = statusBar.primaryRoot();
      if (!root?.sessionId) return vscode.commands.executeCommand('coordination.registerSession');
      const actions = [
        { label: '$(pulse) Heartbeat Now', command: 'coordination.heartbeatNow' },
        { label: '$(lock) Claim Work…', command: 'coordination.claim' },
        { label: '$(mail) Send Message…', command: 'coordination.sendMessage' },
        { label: '$(inbox) Show Inbox', command: 'coordination.inbox.focus' },
        { label: '$(dashboard) Open Dashboard', command: 'coordination.openDashboard' },
        { label: '$(output) Show Log', command: 'coordination.showLog' },
      ];
      const picked = await vscode.window.showQuickPick(actions, { title: `Coordination — ${root.sessionId}` });
      if (picked) await vscode.commands.executeCommand(picked.command);
      return undefined;
    }),
  ];
}
