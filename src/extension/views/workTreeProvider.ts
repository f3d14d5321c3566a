import * as vscode from 'vscode';
import type { CoordinationSnapshot } from '../../core/treeCache';
import type { WorkView } from '../../core/work';
import type { CoordinationRoot } from '../coordinationRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { plainTooltip, workIcon } from './stateStyle';
import { sessionNamer } from './sessionNames';

export type WorkNode = { kind: 'work'; root: CoordinationRoot; view: WorkView; nameOf: (id: string) => string };

/** The work queue by priority: ready, claimed (with the holder), blocked (on what) or done. */
export class WorkTreeProvider extends SnapshotTreeProvider<WorkNode> {
  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): WorkNode[] {
    const nameOf = sessionNamer(snapshot);
    return snapshot.work.map((view) => ({ kind: 'work', root, view, nameOf }));
  }

  protected itemFor(node: WorkNode): vscode.TreeItem {
    const { item: work, state, holder, waitingOn } = node.view;
    const item = new vscode.TreeItem(work.title);
    item.id = `${node.root.rootPath}#work:${work.id}`;
    const stateText = state === 'claimed' ? `claimed by ${holder ? node.nameOf(holder) : '?'}` : state === 'blocked' ? `blocked on ${waitingOn.join(', ')}` : state;
    item.description = `P${work.priority} · ${stateText}`;
    item.iconPath = workIcon(state);
    item.contextValue = `work.${state}`;
    item.tooltip = plainTooltip([['Work item:', work.id], ['Title:', work.title], ['Priority:', String(work.priority)], ['State:', stateText], ['Depends on:', work.dependsOn.join(', ')]]);
    return item;
  }
}
