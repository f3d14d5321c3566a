import * as vscode from 'vscode';
import { registerClaimCommands } from './extension/commands/claimCommands';
import type { CommandDeps } from './extension/commands/commandDeps';
import { registerGeneralCommands } from './extension/commands/generalCommands';
import { registerMessageCommands } from './extension/commands/messageCommands';
import { registerSessionCommands } from './extension/commands/sessionCommands';
import { registerWorkCommands } from './extension/commands/workCommands';
import { CoordinationWorkspace } from './extension/coordinationWorkspace';
import { HeartbeatLoop } from './extension/heartbeatLoop';
import { MessageDocumentProvider, messageScheme } from './extension/messageDocuments';
import { Notifier } from './extension/notifier';
import { HeartbeatStatusBar } from './extension/statusBar';
import { ClaimsTreeProvider } from './extension/views/claimsTreeProvider';
import { InboxTreeProvider } from './extension/views/inboxTreeProvider';
import { SessionsTreeProvider } from './extension/views/sessionsTreeProvider';
import { WorkTreeProvider } from './extension/views/workTreeProvider';
import { ContextKeys } from './extension/contextKeys';

/**
 * Composition root: creates the log first, then wires the parts. Registration only — nothing here reads a file;
 * the roots load when a view asks for children or a command runs, and the loops start after that.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Coordination', { log: true });
  const workspace = new CoordinationWorkspace(context.workspaceState, log);
  const statusBar = new HeartbeatStatusBar(workspace);
  const heartbeatLoop = new HeartbeatLoop(workspace, log);
  const notifier = new Notifier(workspace);
  const contextKeys = new ContextKeys(workspace);
  const deps: CommandDeps = { workspace, log, sessionsChanged: () => heartbeatLoop.update() };

  const startLoops = workspace.onDidChange(() => {
    if (!workspace.all().some((r) => r.isLoaded)) return;
    statusBar.start();
    notifier.start();
    heartbeatLoop.update();
  });

  context.subscriptions.push(
    log,
    workspace,
    statusBar,
    heartbeatLoop,
    notifier,
    contextKeys,
    startLoops,
    vscode.window.registerTreeDataProvider('coordination.sessions', new SessionsTreeProvider(workspace, log)),
    vscode.window.registerTreeDataProvider('coordination.claims', new ClaimsTreeProvider(workspace, log)),
    vscode.window.registerTreeDataProvider('coordination.inbox', new InboxTreeProvider(workspace, log)),
    vscode.window.registerTreeDataProvider('coordination.work', new WorkTreeProvider(workspace, log)),
    vscode.workspace.registerTextDocumentContentProvider(messageScheme, new MessageDocumentProvider(workspace)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('coordination.heartbeat')) heartbeatLoop.update();
    }),
    ...registerSessionCommands(deps),
    ...registerClaimCommands(deps),
    ...registerMessageCommands(deps),
    ...registerWorkCommands(deps),
    ...registerGeneralCommands(deps, statusBar),
  );
}

export function deactivate(): void {}
