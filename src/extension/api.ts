import type * as vscode from 'vscode';
import type { HealthLoopState } from '../core/health/healthLoop';
import type { CoordinationSnapshot } from '../core/views/treeCache';
import type { DashboardMirror } from '../dashboard/dashboardState';

/**
 * What `activate()` returns: a read-only window onto this window's coordination state for other extensions and
 * for the extension's own tests inside a real VS Code.
 */
export interface CoordinationApi {
  /** How long activate() took, in milliseconds (measured inside the extension host). */
  readonly activationMs: number;
  roots(): { rootPath: string; sessionId?: string; isLoaded: boolean; snapshot(): CoordinationSnapshot | undefined }[];
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
  /** Fires whenever any root's state changed. */
  onDidChange: vscode.Event<void>;
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
  dashboard(): { readonly pageReady: boolean; mirror(): DashboardMirror; receive(message: unknown): Promise<void> } | undefined;
}
