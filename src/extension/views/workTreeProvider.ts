import * as vscode from 'vscode';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { WorkView } from '../../core/work/work';
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
    const stateText =
      state === 'claimed'
        ? `claimed by ${holder ? node.nameOf(holder) : '?'}`
        : state === 'blocked'
          ? `blocked on ${waitingOn.join(', ')}`
          : state;
    // Routing shows where Claim Next looks first: items for you (assigned), then for your role.
    const forWhom = [
      work.assignee ? `for ${node.nameOf(work.assignee)}` : undefined,
      work.role ? `role ${work.role}` : undefined,
    ]
      .filter((x) => x)
      .join(' · ');
    item.description = [`P${work.priority}`, stateText, forWhom].filter((x) => x).join(' · ');
    item.iconPath =
      work.assignee && node.nameOf(work.assignee) === 'you' && state === 'ready'
        ? new vscode.ThemeIcon('account', new vscode.ThemeColor('charts.blue'))
        : workIcon(state);
    item.contextValue = `work.${state}`;
    item.tooltip = plainTooltip([
      ['Work item:', work.id],
      ['Title:', work.title],
      ['Priority:', String(work.priority)],
      ['State:', stateText],
      ['Depends on:', work.dependsOn.join(', ')],
      [
        'Assigned to:',
        work.assignee
          ? `${node.nameOf(work.assignee)}${work.assignedBy ? ` (by ${node.nameOf(work.assignedBy)})` : ''}`
          : undefined,
      ],
      ['Role:', work.role],
    ]);
    return item;
  }
}
