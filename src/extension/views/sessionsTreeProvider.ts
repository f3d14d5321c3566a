import * as vscode from 'vscode';
import type { ClaimView } from '../../core/claims/claimView';
import { formatDuration } from '../../core/store/durationText';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { SessionView } from '../../core/sessions/sessions';
import type { CoordinationRoot } from '../coordinationRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { claimIcon, livenessIcon, plainTooltip } from './stateStyle';

export type SessionsNode =
  | { kind: 'session'; root: CoordinationRoot; view: SessionView & { claims: ClaimView[] }; self: boolean }
  | { kind: 'sessionClaim'; root: CoordinationRoot; view: ClaimView; own: boolean }
  | { kind: 'sessionActivity'; text: string };

/** Sessions: live ones first, each with its state, heartbeat age, phase and progress; children are its claims and last action. */
export class SessionsTreeProvider extends SnapshotTreeProvider<SessionsNode> {
  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): SessionsNode[] {
    const order = { active: 0, stale: 1, gone: 2, ended: 3 };
    return [...snapshot.sessions]
      .sort((a, b) => order[a.state] - order[b.state] || a.session.name.localeCompare(b.session.name))
      .map((view) => ({ kind: 'session', root, view, self: view.session.id === snapshot.selfId }));
  }

  protected override childrenOf(element: SessionsNode): SessionsNode[] {
    if (element.kind !== 'session') return [];
    const beat = element.view.session.heartbeat;
    const activity = [beat?.action, beat?.target].filter((x) => x).join(' ');
    return [
      ...element.view.claims.map((view): SessionsNode => ({
        kind: 'sessionClaim',
        root: element.root,
        view,
        own: element.self,
      })),
      ...(activity ? [{ kind: 'sessionActivity' as const, text: activity }] : []),
    ];
  }

  protected itemFor(node: SessionsNode): vscode.TreeItem {
    if (node.kind === 'sessionActivity') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('pulse');
      item.tooltip = plainTooltip([['Last heartbeat:', node.text]]);
      return item;
    }
    if (node.kind === 'sessionClaim') {
      const c = node.view.claim;
      const item = new vscode.TreeItem(`${c.type}/${c.name}`);
      item.description = node.view.expired ? 'expired' : `${formatDuration(node.view.remainingMs)} left`;
      item.iconPath = claimIcon(node.view.expired, node.own);
      item.contextValue = node.own ? 'claim.own' : 'claim.other';
      item.tooltip = plainTooltip([
        ['Claim:', `${c.type}/${c.name}`],
        ['Reason:', c.reason],
        ['Lease ends:', node.view.expiresAt],
      ]);
      return item;
    }
    const { session, state, heartbeatAgeMs, claims } = node.view;
    const beat = session.heartbeat;
    const item = new vscode.TreeItem(
      node.self ? `${session.name} (this window)` : session.name,
      claims.length || beat?.action || beat?.target
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${node.root.rootPath}#session:${session.id}`;
    const phase = [beat?.phase, beat?.progress !== undefined ? `${beat.progress}%` : undefined]
      .filter((x) => x)
      .join(' ');
    // The icon already says "active"; what is lost first when the side bar is narrow should be the least useful.
    item.description = [
      state === 'active' ? undefined : state,
      phase,
      session.role,
      `${formatDuration(heartbeatAgeMs)} ago`,
    ]
      .filter((x) => x)
      .join(' · ');
    item.iconPath = livenessIcon(state);
    item.contextValue = node.self ? 'session.self' : `session.${state}`;
    item.tooltip = plainTooltip([
      ['Session:', session.id],
      ['Name:', session.name],
      ['Role:', session.role],
      ['Kind:', session.kind],
      ['State:', state],
      ['Host:', `${session.host} (pid ${session.pid})`],
      ['Last heartbeat:', `${formatDuration(heartbeatAgeMs)} ago (${session.heartbeatAt})`],
      ['Doing:', [beat?.action, beat?.target].filter((x) => x).join(' ')],
      ['Phase:', phase],
      ['Claims:', claims.map((c) => `${c.claim.type}/${c.claim.name}`).join(', ')],
    ]);
    return item;
  }
}
