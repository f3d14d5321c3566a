import * as vscode from 'vscode';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { syncEnvironment } from '../../core/sync/syncSettings';
import { readSyncSettings } from '../syncSettings';
import { mayRunProcessesAndNetwork } from '../trust';

/**
 * `coord mcp` for VS Code's MCP support: one server per folder with a tree, run by the extension host's own
 * Node (Electron as Node) from this extension's dist/cli.js, so nothing needs to be on PATH. Each server is
 * an agent session of its own (its register tool); the language-model tools are this window's session.
 * Untrusted, none is offered: the server would run git to confirm claims.
 */
export class McpServerProvider
  implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private lastKey = '';

  constructor(
    private readonly cliPath: string,
    private readonly version: string,
    private readonly workspace: CoordinationWorkspace,
  ) {
    this.subscriptions = [
      workspace.onDidChange(() => this.changedIfDifferent()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('coordination.sync')) this.changed.fire();
      }),
    ];
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    if (!mayRunProcessesAndNetwork()) return [];
    const roots = this.workspace.withTree();
    return roots.map((root) => {
      const definition = new vscode.McpStdioServerDefinition(
        roots.length > 1 ? `Coordination (${root.label})` : 'Coordination',
        process.execPath,
        [this.cliPath, 'mcp'],
        // The folder's sync settings too, so the server confirms claims where the window syncs (or not at all).
        {
          ELECTRON_RUN_AS_NODE: '1',
          COORD_ROOT: root.rootPath,
          ...definedOnly(syncEnvironment(readSyncSettings(root.folder.uri))),
        },
        this.version,
      );
      definition.cwd = vscode.Uri.file(root.rootPath);
      return definition;
    });
  }

  private changedIfDifferent(): void {
    const key = this.workspace
      .withTree()
      .map((r) => r.rootPath)
      .join('\n');
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
