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
import { UnreadDecorations } from './extension/views/unreadDecorations';
import { ContextKeys } from './extension/contextKeys';
import type { CoordinationApi } from './extension/api';
import type { CoordinationTestHooks } from './extension/testHooks';
import { registerDashboard } from './extension/dashboard/registerDashboard';
import { openDashboardOnStartup } from './extension/dashboard/openDashboardOnStartup';
import { HealthLoops } from './extension/healthLoops';
import { healthSection } from './extension/dashboard/healthSection';
import { registerHealthCommands } from './extension/commands/healthCommands';
import { HealthTreeProvider } from './extension/views/healthTreeProvider';
import { MilestonesTreeProvider } from './extension/views/milestonesTreeProvider';
import { ComputersTreeProvider } from './extension/views/computersTreeProvider';
import { registerSyncCommands } from './extension/commands/syncCommands';
import { SyncController } from './extension/syncController';
import { syncSection } from './extension/dashboard/syncSection';
import { SyncStatusBar } from './extension/syncStatusBar';
import { exportSyncSettingsToTerminals } from './extension/syncTerminalEnv';
import { registerLanguageModelTools } from './extension/agentTools/languageModelTools';
import { McpServerProvider } from './extension/agentTools/mcpServerProvider';
import { mcpProviderId } from './agentTools/lmToolName';
import { PathClaimDecorations } from './extension/pathClaims/pathClaimDecorations';
import { ClaimedFileWarnings } from './extension/pathClaims/claimedFileWarnings';
import { readSettings } from './extension/settings';

/**
 * Composition root: creates the log first, then wires the parts. Registration only — nothing here reads a file;
 * the roots load when a view asks for children or a command runs, and the loops start after that.
 */
export function activate(context: vscode.ExtensionContext): CoordinationApi & { testHooks?: CoordinationTestHooks } {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Coordination', { log: true });
  const workspace = new CoordinationWorkspace(context.workspaceState, log);
  const statusBar = new HeartbeatStatusBar(workspace);
  const heartbeatLoop = new HeartbeatLoop(workspace, log);
  const notifier = new Notifier(workspace);
  const contextKeys = new ContextKeys(workspace);
  const healthLoops = new HealthLoops(workspace, log);
  const views = {
    sessions: new SessionsTreeProvider(workspace, log),
    claims: new ClaimsTreeProvider(workspace, log),
    inbox: new InboxTreeProvider(workspace, log),
    work: new WorkTreeProvider(workspace, log),
    computers: new ComputersTreeProvider(workspace, log),
    milestones: new MilestonesTreeProvider(workspace, log),
    health: new HealthTreeProvider(workspace, log, healthLoops),
  };
  const pathClaimDecorations = new PathClaimDecorations(workspace);
  const claimedFileWarnings = new ClaimedFileWarnings(workspace, log, () => readSettings().warnOnClaimedFileEdit);
  const sync = new SyncController(workspace, log);
  const deps: CommandDeps = {
    workspace,
    log,
    sessionsChanged: () => heartbeatLoop.update(),
    syncSettings: (root) => sync.settingsFor(root),
  };
  const syncStatusBar = new SyncStatusBar(workspace, sync);
  const dashboard = registerDashboard(
    context.extensionUri,
    workspace,
    log,
    {
      sectionOf: (root) => healthSection(healthLoops.stateOf(root), healthLoops.recentEvents(root)),
      onDidChange: healthLoops.onDidChange,
    },
    { sectionOf: (root) => syncSection(sync.state(root)), onDidChange: sync.onDidChange },
  );

  const lmTools = registerLanguageModelTools(deps, context.extension.packageJSON.contributes?.languageModelTools ?? []);
  const mcpServers = new McpServerProvider(
    context.asAbsolutePath('dist/cli.js'),
    String(context.extension.packageJSON.version ?? ''),
    workspace,
  );

  const startLoops = workspace.onDidChange(() => {
    if (!workspace.all().some((r) => r.isLoaded)) return;
    statusBar.start();
    notifier.start();
    heartbeatLoop.update();
    healthLoops.update();
    syncStatusBar.start();
    sync.rootsChanged();
  });

  context.subscriptions.push(
    log,
    workspace,
    statusBar,
    heartbeatLoop,
    notifier,
    contextKeys,
    startLoops,
    views.sessions,
    views.claims,
    views.inbox,
    views.work,
    views.computers,
    views.milestones,
    views.health,
    healthLoops,
    vscode.window.registerTreeDataProvider('coordination.sessions', views.sessions),
    vscode.window.registerTreeDataProvider('coordination.claims', views.claims),
    vscode.window.registerTreeDataProvider('coordination.inbox', views.inbox),
    vscode.window.registerTreeDataProvider('coordination.work', views.work),
    vscode.window.registerTreeDataProvider('coordination.computers', views.computers),
    vscode.window.registerTreeDataProvider('coordination.milestones', views.milestones),
    vscode.window.registerTreeDataProvider('coordination.health', views.health),
    vscode.workspace.registerTextDocumentContentProvider(messageScheme, new MessageDocumentProvider(workspace)),
    vscode.window.registerFileDecorationProvider(new UnreadDecorations()),
    pathClaimDecorations,
    vscode.window.registerFileDecorationProvider(pathClaimDecorations),
    claimedFileWarnings,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('coordination.heartbeat')) heartbeatLoop.update();
      if (e.affectsConfiguration('coordination.sync')) {
        sync.update();
        exportSyncSettingsToTerminals(context.environmentVariableCollection);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => sync.update()),
    sync,
    syncStatusBar,
    ...registerSyncCommands(deps, sync),
    ...registerSessionCommands(deps),
    ...registerClaimCommands(deps),
    ...registerMessageCommands(deps),
    ...registerWorkCommands(deps),
    ...registerGeneralCommands(deps, statusBar),
    ...registerHealthCommands(deps, healthLoops),
    ...dashboard.disposables,
    mcpServers,
    vscode.lm.registerMcpServerDefinitionProvider(mcpProviderId, mcpServers),
    ...lmTools.disposables,
  );
  // After every command is registered: the one it runs must exist.
  openDashboardOnStartup(workspace, log);
  exportSyncSettingsToTerminals(context.environmentVariableCollection);
  const activationMs = performance.now() - started;
  const api: CoordinationApi = {
    apiVersion: 1,
    roots: () =>
      workspace.all().map((root) => ({
        rootPath: root.rootPath,
        get sessionId() {
          return root.sessionId;
        },
        get isLoaded() {
          return root.isLoaded;
        },
        snapshot: () => root.snapshot(),
      })),
    onDidChange: workspace.onDidChange,
  };
  // The hooks exist only while VS Code runs the extension's tests: no other extension can come to rely on them.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  const testHooks: CoordinationTestHooks = {
    activationMs,
    roots: () => workspace.all(),
    views,
    statusBarText: () => statusBar.text,
    syncStatusBarText: () => syncStatusBar.text,
    health: (rootPath) => {
      const root = workspace.all().find((r) => rootPath === undefined || r.rootPath === rootPath);
      return root && healthLoops.stateOf(root);
    },
    pathClaimDecoration: (uri) => pathClaimDecorations.provideFileDecoration(uri),
    onDidWarnClaimedFile: claimedFileWarnings.onDidWarn,
    mcpServerDefinitions: () => mcpServers.provideMcpServerDefinitions(),
    languageModelTool: (name) => lmTools.registered.get(name),
    dashboard: () => {
      const panel = dashboard.current();
      return (
        panel && {
          get pageReady() {
            return panel.isPageReady;
          },
          mirror: () => panel.mirror(),
          receive: (message) => panel.receive(message),
        }
      );
    },
  };
  return { ...api, testHooks };
}

export function deactivate(): void {}
