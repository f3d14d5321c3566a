import type * as vscode from 'vscode';
import type { HealthLoopState } from '../core/health/healthLoop';
import type { DashboardMirror } from '../dashboard/dashboardState';
import type { CoordinationApi } from './api';
import type { CoordinationRoot } from './coordinationRoot';

/**
 * What the extension's tests and benchmarks look at inside a real VS Code: the views' providers, the status bar,
 * the dashboard's page traffic. Not an API: `activate()` hands it out only when VS Code runs the extension's tests
 * (`ExtensionMode.Test`), so no other extension can come to depend on it.
 */
export interface CoordinationTestHooks {
  /** How long activate() took, in milliseconds (measured inside the extension host). */
  readonly activationMs: number;
  /** The roots themselves (not the API's plain views of them): tests hand them to commands as a view's node would. */
  roots(): CoordinationRoot[];
  views: {
    sessions: vscode.TreeDataProvider<unknown>;
    claims: vscode.TreeDataProvider<unknown>;
    inbox: vscode.TreeDataProvider<unknown>;
    work: vscode.TreeDataProvider<unknown>;
    computers: vscode.TreeDataProvider<unknown>;
    milestones: vscode.TreeDataProvider<unknown>;
    health: vscode.TreeDataProvider<unknown>;
  };
  /** The status-bar indicator's text, or undefined while it is hidden. */
  statusBarText(): string | undefined;
  /** The sync indicator's text, or undefined while it is hidden (no git, untrusted, sync off). */
  syncStatusBarText(): string | undefined;
  /** The health loop of a root (the first when none is named): its last round and who runs it; undefined before it starts. */
  health(rootPath?: string): HealthLoopState | undefined;
  /** The decoration the explorer shows for a file covered by path claims (what the registered provider returns). */
  pathClaimDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined;
  /** Fires when editing a file another session claimed shows its warning. */
  onDidWarnClaimedFile: vscode.Event<{ file: string; holder: string; glob: string; message: string }>;
  /** What this window offers VS Code's MCP support: `coord mcp` for each folder with a tree (none when untrusted). */
  mcpServerDefinitions(): vscode.McpStdioServerDefinition[];
  /** The object registered with vscode.lm.registerTool under `name`, so tests can ask its prepareInvocation what a call would confirm. */
  languageModelTool(name: string): vscode.LanguageModelTool<Record<string, unknown>> | undefined;
  /** The open dashboard, if any: what its page has been sent, and a way to hand the host a message as the page would. */
  dashboard():
    { readonly pageReady: boolean; mirror(): DashboardMirror; receive(message: unknown): Promise<void> } | undefined;
}

/** What `activate()` returns under tests: the public API and, beside it, the hooks. */
export type TestedExtensionExports = CoordinationApi & { readonly testHooks: CoordinationTestHooks };
