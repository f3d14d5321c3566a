import * as vscode from 'vscode';
import type { Finding } from '../core/health/healthFindings';
import { HealthLoop, type HealthLoopState } from '../core/health/healthLoop';
import type { HealthInputs } from '../core/health/healthInputs';
import { healthSummary } from '../core/health/healthSummary';
import type { CoordinationRoot } from './coordinationRoot';
import type { CoordinationWorkspace } from './coordinationWorkspace';
import { readSettings } from './settings';
import { mayRunProcessesAndNetwork } from './trust';

export interface RecentEvent {
  at: number;
  finding: Finding;
}

const recentEventsKept = 50;

/** The first round waits this long after the roots load, so opening a window never competes with it. */
const firstRoundDelayMs = 3000;

/**
 * The health-check loop of each loaded root, while VS Code is open. Started lazily (after a root loads, never at
 * activation); one window per checkout runs it and the others follow its rounds (the core's HealthLoop holds the
 * lock). Service checks only in a trusted workspace. Tells the user about insights that concern this window's
 * session — someone else on its target — once each while they last.
 */
export class HealthLoops implements vscode.Disposable {
  private readonly loops = new Map<CoordinationRoot, { loop: HealthLoop; subscription: { dispose(): void } }>();
  private readonly notified = new Map<CoordinationRoot, Set<string>>();
  private readonly recent = new Map<CoordinationRoot, RecentEvent[]>();
  private readonly changed = new vscode.EventEmitter<CoordinationRoot>();
  /** Fires after a root's loop finished a round (or read another window's). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly workspace: CoordinationWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('coordination.health')) this.applyInterval();
      }),
      // Trust granted: services can be checked now rather than at the next round.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const { loop } of this.loops.values()) void loop.runNow().catch(() => undefined);
      }),
    ];
  }

  /** Starts a loop for every loaded root that has none; drops loops of roots that are gone (folders changed). */
  update(): void {
    const current = new Set(this.workspace.all().filter((r) => r.isLoaded));
    for (const [root, entry] of this.loops) {
      if (current.has(root)) continue;
      entry.subscription.dispose();
      void entry.loop.dispose();
      this.loops.delete(root);
      this.notified.delete(root);
      this.recent.delete(root);
    }
    for (const root of current) if (!this.loops.has(root)) this.start(root);
  }

  stateOf(root: CoordinationRoot): HealthLoopState | undefined {
    return this.loops.get(root)?.loop.state;
  }

  /** The events of the last rounds, newest first: a round's events are gone from the next round's result. */
  recentEvents(root: CoordinationRoot): readonly RecentEvent[] {
    return this.recent.get(root) ?? [];
  }

  /** A round now for the root (or the one in progress); following another window, its last round. */
  async runNow(root: CoordinationRoot): Promise<HealthLoopState | undefined> {
    await root.ensureLoaded();
    this.update();
    const entry = this.loops.get(root);
    if (!entry) return undefined;
    await entry.loop.runNow();
    return entry.loop.state;
  }

  private start(root: CoordinationRoot): void {
    const settingsOf = () => readSettings(root.folder.uri);
    const loop = new HealthLoop(root.ctx, {
      intervalMs: settingsOf().healthIntervalSeconds * 1000,
      trusted: mayRunProcessesAndNetwork,
      inputs: () => inputsOf(root),
      broadcastAs: () => (settingsOf().broadcastFindings ? root.sessionId : undefined),
      reportEveryRounds: () => settingsOf().reportEveryRounds,
    });
    let reported = 0;
    const subscription = loop.onDidChange((state) => {
      if (state.task.running || state.task.runs === reported) return;
      reported = state.task.runs;
      if (state.task.lastError !== undefined && state.task.consecutiveFailures > 0) {
        this.log.warn(
          `Health check of ${root.label} failed (${state.task.consecutiveFailures} in a row): ${state.task.lastError}`,
        );
      } else if (state.latest) {
        if (state.role === 'running') {
          this.log.info(`Health ${root.label}: ${healthSummary(state.latest)}`);
          for (const f of state.latest.findings) if (f.category === 'event') this.log.info(`  ${f.text}`);
        }
        this.remember(root, state.latest.at, state.latest.findings);
        this.notifyOwnInsights(root, state.latest.findings);
      }
      this.changed.fire(root);
    });
    this.loops.set(root, { loop, subscription });
    loop.start(firstRoundDelayMs);
    this.log.info(
      `Health check of ${root.label} every ${settingsOf().healthIntervalSeconds}s (one window per checkout runs it)`,
    );
  }

  private applyInterval(): void {
    for (const [root, { loop }] of this.loops)
      loop.setInterval(readSettings(root.folder.uri).healthIntervalSeconds * 1000);
  }

  private remember(root: CoordinationRoot, at: number, findings: readonly Finding[]): void {
    const list = this.recent.get(root) ?? [];
    const known = new Set(list.map((e) => e.finding.key));
    const fresh = findings
      .filter((f) => f.category === 'event' && !known.has(f.key))
      .map((finding) => ({ at, finding }));
    this.recent.set(root, [...fresh.reverse(), ...list].slice(0, recentEventsKept));
  }

  /** Duplicate work involving this window's session and someone else: told once while it lasts. */
  private notifyOwnInsights(root: CoordinationRoot, findings: readonly Finding[]): void {
    const self = root.sessionId;
    const seen = this.notified.get(root) ?? new Set<string>();
    this.notified.set(root, seen);
    const present = new Set(findings.map((f) => f.key));
    for (const key of [...seen]) if (!present.has(key)) seen.delete(key);
    if (!self) return;
    for (const f of findings) {
      if (f.kind !== 'duplicate-work' || !f.sessions.includes(self) || seen.has(f.key)) continue;
      seen.add(f.key);
      const others = f.sessions.filter((s) => s !== self);
      const first = others[0];
      void vscode.window
        .showWarningMessage(`Coordination: ${f.text}`, ...(first ? ['Message Them'] : []), 'Show Health')
        .then((choice) => {
          if (choice === 'Message Them' && first) {
            const view = root.snapshot()?.sessions.find((s) => s.session.id === first);
            void vscode.commands.executeCommand('coordination.sendMessage', view ? { root, view } : undefined);
          }
          if (choice === 'Show Health') void vscode.commands.executeCommand('coordination.health.focus');
        });
    }
  }

  dispose(): void {
    for (const { loop, subscription } of this.loops.values()) {
      subscription.dispose();
      void loop.dispose();
    }
    this.loops.clear();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** The tree as the window already holds it: a round costs no file reads beyond milestones and services.json. */
function inputsOf(root: CoordinationRoot): HealthInputs | undefined {
  const snapshot = root.snapshot();
  if (!snapshot) return undefined;
  return { sessions: snapshot.sessions, claims: snapshot.claims, work: snapshot.work, diagnostics: [] };
}
