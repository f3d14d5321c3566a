import * as vscode from 'vscode';
import { formatDuration } from '../../core/duration';
import type { InboxEntry } from '../../core/messages';
import type { CoordinationSnapshot } from '../../core/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { plainTooltip, priorityIcon } from './stateStyle';

export type InboxNode = { kind: 'message'; root: CoordinationRoot; entry: InboxEntry; now: number };

/** Messages to this window's session and broadcasts, newest first; unread ones highlighted. */
export class InboxTreeProvider extends SnapshotTreeProvider<InboxNode> {
  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): InboxNode[] {
    return [...snapshot.inbox].reverse().map((entry) => ({ kind: 'message', root, entry, now: snapshot.now }));
  }

  protected itemFor(node: InboxNode): vscode.TreeItem {
    const m = node.entry.message;
    const label: vscode.TreeItemLabel = { label: m.subject, ...(node.entry.read ? {} : { highlights: [[0, m.subject.length]] as [number, number][] }) };
    const item = new vscode.TreeItem(label);
    item.id = `${node.root.rootPath}#message:${m.id}`;
    const age = formatDuration(node.now - Date.parse(m.sentAt));
    item.description = [m.to === 'broadcast' ? `${m.from} → all` : m.from, `${age} ago`, m.priority !== 'normal' ? m.priority : undefined, node.entry.read ? undefined : 'unread']
      .filter((x) => x)
      .join(' · ');
    item.iconPath = priorityIcon(m.priority, node.entry.read);
    item.contextValue = node.entry.read ? 'message.read' : 'message.unread';
    item.tooltip = plainTooltip([['From:', m.from], ['To:', m.to], ['Sent:', m.sentAt], ['Priority:', m.priority], ['Subject:', m.subject]]);
    item.command = { command: 'coordination.openMessage', title: 'Open Message', arguments: [node] };
    return item;
  }
}
