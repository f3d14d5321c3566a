import * as vscode from 'vscode';
import { formatDuration } from '../../core/store/durationText';
import type { CoordinationSnapshot, SnapshotClaim } from '../../core/views/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { claimIcon, plainTooltip } from './stateStyle';
import { sessionNamer } from './sessionNames';

export type ClaimsNode =
  | {
      kind: 'claimType';
      root: CoordinationRoot;
      type: string;
      claims: SnapshotClaim[];
      selfId?: string;
      nameOf: (id: string) => string;
    }
  | { kind: 'claim'; root: CoordinationRoot; view: SnapshotClaim; own: boolean; holderName: string };

/** Claims grouped by type, each with its holder and the time left on its lease. */
export class ClaimsTreeProvider extends SnapshotTreeProvider<ClaimsNode> {
  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): ClaimsNode[] {
    const byType = new Map<string, SnapshotClaim[]>();
    for (const view of snapshot.claims) {
      const list = byType.get(view.claim.type);
      if (list) list.push(view);
      else byType.set(view.claim.type, [view]);
    }
    const nameOf = sessionNamer(snapshot);
    return [...byType].map(([type, claims]) => ({
      kind: 'claimType',
      root,
      type,
      claims,
      nameOf,
      ...(snapshot.selfId ? { selfId: snapshot.selfId } : {}),
    }));
  }

  protected override childrenOf(element: ClaimsNode): ClaimsNode[] {
    if (element.kind !== 'claimType') return [];
    return element.claims.map((view) => ({
      kind: 'claim',
      root: element.root,
      view,
      own: view.claim.holder === element.selfId,
      holderName: element.nameOf(view.claim.holder),
    }));
  }

  protected itemFor(node: ClaimsNode): vscode.TreeItem {
    if (node.kind === 'claimType') {
      const item = new vscode.TreeItem(node.type, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.root.rootPath}#claimType:${node.type}`;
      item.description = `${node.claims.length}`;
      item.iconPath = new vscode.ThemeIcon('symbol-folder');
      return item;
    }
    // Everything shown comes from the snapshot, confirmation included: rendering reads no file.
    const { claim, expired, remainingMs, holderState, expiresAt, confirmation, pendingReason } = node.view;
    // A path claim's name is a key; people know it by its glob.
    const item = new vscode.TreeItem(
      claim.glob !== undefined ? `${claim.glob}${claim.shared ? ' (shared)' : ''}` : claim.name,
    );
    item.id = `${node.root.rootPath}#claim:${claim.type}/${claim.name}`;
    const left = expired ? 'expired' : `${formatDuration(remainingMs)} left`;
    // Pending: not yet confirmed on the remote (another computer may still win it).
    item.description = `${node.holderName} · ${left}${holderState === 'gone' || holderState === 'ended' ? ` · holder ${holderState}` : ''}${confirmation === 'pending' ? ' · pending' : ''}`;
    item.iconPath = claimIcon(expired, node.own);
    item.contextValue = node.own ? 'claim.own' : 'claim.other';
    item.tooltip = plainTooltip([
      [
        'Claim:',
        claim.glob !== undefined
          ? `path ${claim.glob}${claim.shared ? ' (shared)' : ''} — ${claim.name}`
          : `${claim.type}/${claim.name}`,
      ],
      ['Holder:', `${node.holderName === 'you' ? 'you' : node.holderName} (${claim.holder}, ${holderState})`],
      ['Reason:', claim.reason],
      ['Acquired:', claim.acquiredAt],
      ['Renewed:', claim.renewedAt],
      ['Lease ends:', `${expiresAt} (${left})`],
      ['Transitions:', String(claim.transitions)],
      ['Across computers:', acrossComputers(confirmation, pendingReason)],
    ]);
    return item;
  }
}

function acrossComputers(confirmation: SnapshotClaim['confirmation'], pendingReason?: string): string | undefined {
  if (confirmation === 'confirmed') return 'confirmed on the remote';
  if (confirmation !== 'pending') return undefined;
  const why = pendingReason ? ` (last try: ${pendingReason})` : '';
  return `pending — not yet confirmed on the remote${why}; the next sync confirms or withdraws it`;
}
