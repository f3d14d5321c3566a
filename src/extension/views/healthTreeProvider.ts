import * as vscode from 'vscode';
import { formatDuration } from '../../core/store/durationText';
import type { Finding } from '../../core/health/healthFindings';
import type { HealthLoopState } from '../../core/health/healthLoop';
import type { ServiceCheck, ServiceState } from '../../core/health/serviceChecks';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import type { HealthLoops, RecentEvent } from '../healthLoops';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { plainTooltip } from './stateStyle';

export type HealthNode =
  | { kind: 'loop'; root: CoordinationRoot; state?: HealthLoopState; now: number }
  | {
      kind: 'healthGroup';
      root: CoordinationRoot;
      group: 'insights' | 'events' | 'services';
      state: HealthLoopState;
      events: readonly RecentEvent[];
    }
  | { kind: 'finding'; root: CoordinationRoot; finding: Finding; at?: number; now: number }
  | {
      kind: 'service';
      root: CoordinationRoot;
      check: ServiceCheck;
      history: { at: string; state: ServiceState; ms: number }[];
      now: number;
    }
  | { kind: 'servicesUnchecked'; reason: string; configured: number };

const serviceIcons: Record<ServiceState, [string, string]> = {
  online: ['pass-filled', 'testing.iconPassed'],
  degraded: ['warning', 'list.warningForeground'],
  offline: ['error', 'list.errorForeground'],
  timeout: ['watch', 'list.errorForeground'],
  error: ['error', 'list.errorForeground'],
};
const historyMarks: Record<ServiceState, string> = {
  online: '●',
  degraded: '◐',
  offline: '○',
  timeout: '⧗',
  error: '✕',
};

/**
 * What the health-check loop found: insights standing now (duplicate work, idle sessions with work for them,
 * services down, malformed milestones), the events of the last rounds, and each service with its state, response
 * time and recent history. Refreshes after every round.
 */
export class HealthTreeProvider extends SnapshotTreeProvider<HealthNode> {
  constructor(
    workspace: CoordinationWorkspace,
    log: vscode.LogOutputChannel,
    private readonly health: HealthLoops,
  ) {
    super(workspace, log);
    this.healthSubscription = health.onDidChange(() => this.refresh());
  }

  private readonly healthSubscription: vscode.Disposable;

  protected rootChildren(root: CoordinationRoot, snapshot: CoordinationSnapshot): HealthNode[] {
    const state = this.health.stateOf(root);
    const loop: HealthNode = { kind: 'loop', root, ...(state ? { state } : {}), now: snapshot.now };
    if (!state?.latest) return [loop];
    const events = this.health.recentEvents(root);
    return [
      loop,
      { kind: 'healthGroup', root, group: 'insights', state, events },
      ...(events.length ? [{ kind: 'healthGroup' as const, root, group: 'events' as const, state, events }] : []),
      ...(state.latest.services.configured
        ? [{ kind: 'healthGroup' as const, root, group: 'services' as const, state, events }]
        : []),
    ];
  }

  protected override childrenOf(element: HealthNode): HealthNode[] {
    if (element.kind !== 'healthGroup' || !element.state.latest) return [];
    const latest = element.state.latest;
    const now = Date.now();
    if (element.group === 'insights') {
      return latest.findings
        .filter((f) => f.category === 'insight')
        .map((finding): HealthNode => ({ kind: 'finding', root: element.root, finding, now }));
    }
    if (element.group === 'events') {
      return element.events.map((e): HealthNode => ({
        kind: 'finding',
        root: element.root,
        finding: e.finding,
        at: e.at,
        now,
      }));
    }
    if (!latest.services.checked)
      return [
        {
          kind: 'servicesUnchecked',
          reason: latest.services.reason ?? 'not checked',
          configured: latest.services.configured,
        },
      ];
    return latest.services.results.map((check): HealthNode => ({
      kind: 'service',
      root: element.root,
      check,
      history: latest.services.history[check.name] ?? [],
      now,
    }));
  }

  protected itemFor(node: HealthNode): vscode.TreeItem {
    switch (node.kind) {
      case 'loop': {
        const latest = node.state?.latest;
        const item = new vscode.TreeItem(latest ? `Round ${latest.round}` : 'First health check in a moment…');
        item.id = `${node.root.rootPath}#health:loop`;
        const who =
          node.state?.role === 'following' && node.state.heldBy
            ? `run by pid ${node.state.heldBy.pid} on ${node.state.heldBy.host}`
            : node.state?.role === 'running'
              ? 'run by this window'
              : '';
        item.description = [
          latest ? `${formatDuration(node.now - latest.at)} ago` : undefined,
          who,
          node.state?.task.lastError ? 'last round failed' : undefined,
        ]
          .filter((x) => x)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(node.state?.task.lastError ? 'warning' : 'heart');
        item.tooltip = plainTooltip([
          ['Health check:', who || 'not started'],
          ['Last round:', latest ? `${new Date(latest.at).toISOString()} (${latest.durationMs} ms)` : undefined],
          ['Last error:', node.state?.task.lastError],
          ['Report:', latest?.report],
        ]);
        item.command = {
          command: 'coordination.runHealthCheck',
          title: 'Run Health Check Now',
          arguments: [{ root: node.root }],
        };
        return item;
      }
      case 'healthGroup': {
        const latest = node.state.latest;
        const label = node.group === 'insights' ? 'Insights' : node.group === 'events' ? 'Recent events' : 'Services';
        const count =
          node.group === 'insights'
            ? `${latest?.findings.filter((f) => f.category === 'insight').length ?? 0}`
            : node.group === 'events'
              ? `${node.events.length}`
              : latest?.services.checked
                ? `${latest.services.results.filter((r) => r.state === 'online').length}/${latest.services.results.length} online`
                : 'not checked';
        const item = new vscode.TreeItem(
          label,
          node.group === 'events'
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `${node.root.rootPath}#health:${node.group}`;
        item.description = count;
        item.iconPath = new vscode.ThemeIcon(
          node.group === 'insights' ? 'lightbulb' : node.group === 'events' ? 'history' : 'server-environment',
        );
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.text);
        item.description = node.at !== undefined ? `${formatDuration(node.now - node.at)} ago` : undefined;
        item.iconPath =
          f.severity === 'error'
            ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
            : f.severity === 'warning'
              ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
              : new vscode.ThemeIcon(f.kind === 'idle' ? 'person' : 'info');
        item.tooltip = plainTooltip([
          ['Finding:', f.text],
          ['Kind:', f.kind],
          ['Sessions:', f.sessions.join(', ')],
        ]);
        item.contextValue = `finding.${f.kind}`;
        return item;
      }
      case 'service': {
        const c = node.check;
        const item = new vscode.TreeItem(c.name);
        item.id = `${node.root.rootPath}#service:${c.name}`;
        item.description = [c.state, c.state === 'offline' ? undefined : `${c.responseMs} ms`, c.detail]
          .filter((x) => x)
          .join(' · ');
        const [icon, colour] = serviceIcons[c.state];
        item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
        item.tooltip = plainTooltip([
          ['Service:', c.name],
          ['URL:', c.url],
          ['State:', `${c.state}${c.status ? ` (HTTP ${c.status})` : ''}`],
          ['Response:', `${c.responseMs} ms`],
          ['Detail:', c.detail],
          ['Checked:', `${formatDuration(node.now - c.checkedAt)} ago`],
          ['History:', node.history.map((h) => historyMarks[h.state]).join('')],
        ]);
        return item;
      }
      case 'servicesUnchecked': {
        const item = new vscode.TreeItem(`${node.configured} service${node.configured === 1 ? '' : 's'} not checked`);
        item.description = node.reason;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.tooltip = plainTooltip([
          ['Why:', `${node.reason}. Trust this workspace to let the health check make requests.`],
        ]);
        item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
        return item;
      }
    }
  }

  override dispose(): void {
    this.healthSubscription.dispose();
    super.dispose();
  }
}
