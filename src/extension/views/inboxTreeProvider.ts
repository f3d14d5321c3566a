import * as vscode from 'vscode';
import { formatDuration } from '../../core/store/durationText';
import type { InboxEntry } from '../../core/messages/messages';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { plainTooltip, priorityIcon } from './stateStyle';
import { sessionNamer } from './sessionNames';
import { UnreadDecorations } from './unreadDecorations';

export type InboxNode = {
  kind: 'message';
  root: CoordinationRoot;
  entry: InboxEntry;
  now: number;
  nameOf: (id: string) => string;
};

/** Messages to this window's session and broadcasts, newest first; unread ones decorated. */
export class InboxTreeProvider extends SnapshotTreeProvider<InboxNode> {
  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): InboxNode[] {
    const nameOf = sessionNamer(snapshot);
    return [...snapshot.inbox].reverse().map((entry) => ({ kind: 'message', root, entry, now: snapshot.now, nameOf }));
  }

  protected itemFor(node: InboxNode): vscode.TreeItem {
    const m = node.entry.message;
    const item = new vscode.TreeItem(m.subject);
    item.resourceUri = UnreadDecorations.uriFor(m.id, !node.entry.read);
    item.id = `${node.root.rootPath}#message:${m.id}`;
    const age = formatDuration(node.now - Date.parse(m.sentAt));
    const from = node.nameOf(m.from);
    item.description = [
      m.to === 'broadcast' ? `${from} → all` : from,
      m.priority !== 'normal' ? m.priority : undefined,
      `${age} ago`,
      node.entry.read ? undefined : 'unread',
    ]
      .filter((x) => x)
      .join(' · ');
    item.iconPath = priorityIcon(m.priority, node.entry.read);
    item.contextValue = node.entry.read ? 'message.read' : 'message.unread';
    item.tooltip = plainTooltip([
      ['From:', `${from} (${m.from})`],
      ['To:', m.to],
      ['Sent:', m.sentAt],
      ['Priority:', m.priority],
      ['Subject:', m.subject],
    ]);
    item.command = { command: 'coordination.openMessage', title: 'Open Message', arguments: [node] };
    return item;
  }
}
