import * as vscode from 'vscode';
import type { ClaimView } from '../../core/claims/claimView';
import { formatDuration } from '../../core/store/durationText';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import { ClaimConfirmationIndex } from '../../core/sync/claimConfirmationIndex';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { claimIcon, plainTooltip } from './stateStyle';
import { sessionNamer } from './sessionNames';

export type ClaimsNode =
  | { kind: 'claimType'; root: CoordinationRoot; type: string; claims: ClaimView[]; selfId?: string; nameOf: (id: string) => string }
  | { kind: 'claim'; root: CoordinationRoot; view: ClaimView; own: boolean; holderName: string };

/** Claims grouped by type, each with its holder and the time left on its lease. */
export class ClaimsTreeProvider extends SnapshotTreeProvider<ClaimsNode> {
  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): ClaimsNode[] {
    const byType = new Map<string, ClaimView[]>();
    for (const view of snapshot.claims) {
      const list = byType.get(view.claim.type);
      if (list) list.push(view);
      else byType.set(view.claim.type, [view]);
    }
    const nameOf = sessionNamer(snapshot);
    return [...byType].map(([type, claims]) => ({ kind: 'claimType', root, type, claims, nameOf, ...(snapshot.selfId ? { selfId: snapshot.selfId } : {}) }));
  }

  protected override childrenOf(element: ClaimsNode): ClaimsNode[] {
    if (element.kind !== 'claimType') return [];
    return element.claims.map((view) => ({ kind: 'claim', root: element.root, view, own: view.claim.holder === element.selfId, holderName: element.nameOf(view.claim.holder) }));
  }

  private readonly indexes = new WeakMap<CoordinationRoot, ClaimConfirmationIndex>();

  private confirmations(root: CoordinationRoot): ClaimConfirmationIndex {
    let index = this.indexes.get(root);
    if (!index) this.indexes.set(root, (index = new ClaimConfirmationIndex(root.layout)));
    return index;
  }

  protected itemFor(node: ClaimsNode): vscode.TreeItem {
    if (node.kind === 'claimType') {
      const item = new vscode.TreeItem(node.type, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.root.rootPath}#claimType:${node.type}`;
      item.description = `${node.claims.length}`;
      item.iconPath = new vscode.ThemeIcon('symbol-folder');
      return item;
    }
    const { claim, expired, remainingMs, holderState, expiresAt } = node.view;
    // A path claim's name is a key; people know it by its glob.
    const item = new vscode.TreeItem(claim.glob !== undefined ? `${claim.glob}${claim.shared ? ' (shared)' : ''}` : claim.name);
    item.id = `${node.root.rootPath}#claim:${claim.type}/${claim.name}`;
    const left = expired ? 'expired' : `${formatDuration(remainingMs)} left`;
    // Pending: not yet confirmed on the remote (another computer may still win it).
    const confirmation = this.confirmations(node.root).confirmationOf(claim);
    item.description = `${node.holderName} · ${left}${holderState === 'gone' || holderState === 'ended' ? ` · holder ${holderState}` : ''}${confirmation === 'pending' ? ' · pending' : ''}`;
    item.iconPath = claimIcon(expired, node.own);
    item.contextValue = node.own ? 'claim.own' : 'claim.other';
    item.tooltip = plainTooltip([
      ['Claim:', claim.glob !== undefined ? `path ${claim.glob}${claim.shared ? ' (shared)' : ''} — ${claim.name}` : `${claim.type}/${claim.name}`],
      ['Holder:', `${node.holderName === 'you' ? 'you' : node.holderName} (${claim.holder}, ${holderState})`],
      ['Reason:', claim.reason],
      ['Acquired:', claim.acquiredAt],
      ['Renewed:', claim.renewedAt],
      ['Lease ends:', `${expiresAt} (${left})`],
      ['Transitions:', String(claim.transitions)],
      ['Across computers:', confirmation === 'confirmed' ? 'confirmed on the remote' : confirmation === 'pending' ? 'pending — not yet confirmed on the remote; the next sync confirms or withdraws it' : undefined],
    ]);
    return item;
  }
}
