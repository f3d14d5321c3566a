import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { CoordinationRoot } from './coordinationRoot';
import type { TreeChange } from '../core/views/treeCache';
import { readSettings } from './settings';

/**
 * The roots of this window: one per workspace folder (the folder itself, or `coordination.root` inside it).
 * Fires one event whenever any root's state changes, so views and the status bar listen in one place.
 */
export class CoordinationWorkspace implements vscode.Disposable {
  private roots: CoordinationRoot[] | undefined;
  private rootSubscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly rootChanged = new vscode.EventEmitter<{ root: CoordinationRoot; changes: TreeChange[] }>();
  /** The same changes with what each one was, for listeners that announce things (new messages). */
  readonly onDidChangeRoot = this.rootChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('coordination.root')) this.rebuild();
      }),
    );
  }

  /** Every candidate root, whether or not it has a tree yet (Initialize needs those too). */
  all(): CoordinationRoot[] {
    if (!this.roots) {
      this.roots = (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((folder) => new CoordinationRoot(folder, rootPathOf(folder), this.state, this.log));
      this.rootSubscriptions = this.roots.map((root) =>
        root.onDidChange((changes) => {
          this.changed.fire();
          this.rootChanged.fire({ root, changes });
        }),
      );
    }
    return this.roots;
  }

  withTree(): CoordinationRoot[] {
    return this.all().filter((r) => r.hasTree());
  }

  /** Loads every root that has a tree (idempotent). */
  async loadAll(): Promise<CoordinationRoot[]> {
    const roots = this.withTree();
    await Promise.all(roots.map((r) => r.ensureLoaded()));
    return roots;
  }

  /** Called after Initialize creates a tree or folders change: roots are found again. */
  rebuild(): void {
    for (const s of this.rootSubscriptions) s.dispose();
    for (const r of this.roots ?? []) r.dispose();
    this.roots = undefined;
    this.changed.fire();
  }

  /**
   * The root a command acts on: the only one, else the one holding the active editor's file, else the user's
   * pick. Undefined when there is none (the caller offers Initialize) or the pick was dismissed.
   */
  async pickRoot(purpose: string, candidates = this.withTree()): Promise<CoordinationRoot | undefined> {
    if (candidates.length <= 1) return candidates[0];
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
    const match = folder ? candidates.find((r) => r.folder.uri.toString() === folder.uri.toString()) : undefined;
    if (match) return match;
    const picked = await vscode.window.showQuickPick(
      candidates.map((r) => ({ label: r.label, description: r.rootPath, root: r })),
      { title: `Coordination: ${purpose}`, placeHolder: 'Which folder?' },
    );
    return picked?.root;
  }

  dispose(): void {
    for (const s of [...this.rootSubscriptions, ...this.subscriptions]) s.dispose();
    for (const r of this.roots ?? []) r.dispose();
    this.changed.dispose();
    this.rootChanged.dispose();
  }

  /** Roots whose tree is loaded and where this window has a session. */
  withSession(): CoordinationRoot[] {
    return (this.roots ?? []).filter((r) => r.isLoaded && r.sessionId !== undefined);
  }
}

function rootPathOf(folder: vscode.WorkspaceFolder): string {
  const configured = readSettings(folder.uri).root.trim();
  if (!configured) return folder.uri.fsPath;
  return isAbsolute(configured) ? configured : join(folder.uri.fsPath, configured);
}
