import * as vscode from 'vscode';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { shownTreeItem } from './shownTreeItem';

export interface FolderNode {
  kind: 'folder';
  root: CoordinationRoot;
}

/**
 * Shared plumbing of the four views: each owns its change emitter and subscriptions, loads the roots the first
 * time it is asked for children (never at activation), and groups by folder when the window has several roots.
 */
export abstract class SnapshotTreeProvider<N extends { kind: string }>
  implements vscode.TreeDataProvider<N | FolderNode>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<N | FolderNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    protected readonly workspace: CoordinationWorkspace,
    protected readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [workspace.onDidChange(() => this.changed.fire(undefined))];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: N | FolderNode): Promise<(N | FolderNode)[]> {
    try {
      if (element?.kind === 'folder') return this.childrenOfRoot((element as FolderNode).root);
      if (element) return this.childrenOf(element as N);
      const roots = await this.workspace.loadAll();
      if (roots.length === 1 && roots[0]) return this.childrenOfRoot(roots[0]);
      return roots.map((root): FolderNode => ({ kind: 'folder', root }));
    } catch (error) {
      this.log.error(`Could not read the coordination tree: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  getTreeItem(element: N | FolderNode): vscode.TreeItem {
    if (element.kind === 'folder') {
      const root = (element as FolderNode).root;
      const item = new vscode.TreeItem(root.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.description = root.rootPath;
      item.contextValue = 'folder';
      return shownTreeItem(item);
    }
    return shownTreeItem(this.itemFor(element as N));
  }

  private childrenOfRoot(root: CoordinationRoot): N[] {
    const snapshot = root.snapshot();
    return snapshot ? this.rootChildren(root, snapshot) : [];
  }

  protected abstract rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): N[];
  protected childrenOf(_element: N): N[] {
    return [];
  }
  protected abstract itemFor(element: N): vscode.TreeItem;

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
