import * as vscode from 'vscode';
import { formatDuration } from '../../core/store/durationText';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { ComputerSession, ComputerState, ComputerView } from '../../core/views/computers';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { computersOf } from '../computersOfRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { livenessIcon, plainTooltip } from './stateStyle';

export type ComputersNode =
  | { kind: 'computer'; root: CoordinationRoot; view: ComputerView; now: number }
  | { kind: 'computerSync'; view: ComputerView; now: number }
  | { kind: 'computerSession'; root: CoordinationRoot; host: string; session: ComputerSession; selfId?: string };

/** Offline comes from the clock alone (no file changes when news stops), so the view looks again this often. */
const clockTickMs = 30_000;

const stateIcons: Record<ComputerState, vscode.ThemeIcon> = {
  active: new vscode.ThemeIcon('vm-active', new vscode.ThemeColor('testing.iconPassed')),
  idle: new vscode.ThemeIcon('vm'),
  offline: new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('disabledForeground')),
};

/**
 * Computers: every computer that syncs this tree (this one first), its state, when its news last arrived here and
 * its sessions; this computer also shows its sync. Built from the snapshot only, never from files.
 */
export class ComputersTreeProvider extends SnapshotTreeProvider<ComputersNode> {
  private readonly timer: NodeJS.Timeout;

  constructor(workspace: CoordinationWorkspace, log: vscode.LogOutputChannel) {
    super(workspace, log);
    this.timer = setInterval(() => this.refresh(), clockTickMs);
  }

  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): ComputersNode[] {
    return computersOf(root, snapshot).map((view) => ({ kind: 'computer', root, view, now: snapshot.now }));
  }

  protected override childrenOf(element: ComputersNode): ComputersNode[] {
    if (element.kind !== 'computer') return [];
    const selfId = element.root.sessionId;
    return [
      ...(element.view.sync ? [{ kind: 'computerSync' as const, view: element.view, now: element.now }] : []),
      ...element.view.sessions.map((session): ComputersNode => ({
        kind: 'computerSession',
        root: element.root,
        host: element.view.host,
        session,
        ...(selfId ? { selfId } : {}),
      })),
    ];
  }

  protected itemFor(node: ComputersNode): vscode.TreeItem {
    if (node.kind === 'computerSync') return syncItem(node.view, node.now);
    if (node.kind === 'computerSession') {
      const s = node.session;
      const item = new vscode.TreeItem(s.id === node.selfId ? `${s.name} (this window)` : s.name);
      item.id = `${node.root.rootPath}#computer:${node.host}#session:${s.id}`;
      item.description = [s.state === 'active' ? undefined : s.state, s.working ? 'working' : undefined]
        .filter((x) => x)
        .join(' · ');
      item.iconPath = livenessIcon(s.state);
      const working = s.working ? 'holds a claim or a work item' : 'no';
      item.tooltip = plainTooltip([
        ['Session:', s.id],
        ['State:', s.state],
        ['Working:', working],
      ]);
      return item;
    }
    const c = node.view;
    const { Collapsed, None } = vscode.TreeItemCollapsibleState;
    const collapsible = c.sessions.length || c.sync ? Collapsed : None;
    const item = new vscode.TreeItem(c.self ? `${c.host} (this computer)` : c.host, collapsible);
    item.id = `${node.root.rootPath}#computer:${c.host}`;
    const news = c.self
      ? undefined
      : c.newsAgeMs === undefined
        ? 'no news yet'
        : `news ${formatDuration(c.newsAgeMs)} ago`;
    const syncing = c.sync?.syncing ? 'syncing' : undefined;
    item.description = [c.state, syncing, news, `${c.live} live`].filter((x) => x).join(' · ');
    item.iconPath = c.sync?.syncing ? new vscode.ThemeIcon('sync~spin') : stateIcons[c.state];
    item.contextValue = c.self ? 'computer.self' : `computer.${c.state}`;
    item.tooltip = plainTooltip([
      ['Computer:', c.host],
      ['State:', stateMeaning(c)],
      [
        'News arrived:',
        c.newsAt ? `${formatDuration(c.newsAgeMs ?? 0)} ago (${c.newsAt}), by this computer's clock` : undefined,
      ],
      ['Copies of the tree:', c.writers > 1 ? String(c.writers) : undefined],
      ['Sessions:', `${c.sessions.length} (${c.live} live, ${c.working} working)`],
    ]);
    return item;
  }

  override dispose(): void {
    clearInterval(this.timer);
    super.dispose();
  }
}

function stateMeaning(c: ComputerView): string {
  if (c.state === 'active') return 'active — a live session holds a claim or a work item';
  if (c.state === 'idle') return c.live ? 'idle — live sessions, none working' : 'idle — no live session';
  return c.newsAt
    ? 'offline — no news for more than two sync intervals'
    : 'offline — no news from it has reached this computer';
}

function syncItem(c: ComputerView, now: number): vscode.TreeItem {
  const sync = c.sync;
  const round = sync?.lastRound;
  const label = sync?.syncing ? 'Syncing now' : round ? `Last sync ${round.outcome}` : 'Never synced';
  const item = new vscode.TreeItem(label);
  const age = round ? `${formatDuration(now - Date.parse(round.finishedAt))} ago` : undefined;
  const counts = round ? `ahead ${round.ahead} · behind ${round.behind ?? '?'}` : undefined;
  item.description = [age, counts, sync?.lastError].filter((x) => x).join(' · ');
  item.iconPath = sync?.lastError
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon(sync?.syncing ? 'sync~spin' : 'sync');
  item.tooltip = plainTooltip([
    ['Last round:', round ? `${round.outcome} at ${round.finishedAt}` : 'none with a remote yet'],
    ['Ahead:', round ? String(round.ahead) : undefined],
    ['Behind:', round ? String(round.behind ?? 'unknown (the remote could not be asked)') : undefined],
    ['Error:', sync?.lastError],
    ['Published:', c.newsAt ? `${formatDuration(c.newsAgeMs ?? 0)} ago (${c.newsAt})` : undefined],
  ]);
  return item;
}
