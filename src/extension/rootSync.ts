import * as vscode from 'vscode';
import { LoopLock, loopLockStaleMs } from '../core/files/loopLock';
import { PeriodicTask } from '../core/files/periodicTask';
import { syncEngine } from './syncEngineLoader';
import { syncSummary, type SyncResult } from '../core/sync/syncResult';
import { loopLockName } from '../core/health/watchLoops';
import type { CoordinationRoot } from './coordinationRoot';
import { readSyncSettings } from './syncSettings';

export interface RootSyncState {
  running: boolean;
  last?: SyncResult;
  /** An unexpected failure of the last round (offline is a result, not an error). */
  error?: string;
  nextRunAt?: number;
  /** Who runs this checkout's sync loop when it is not this window (a `coord watch`, another window). */
  loopElsewhere?: string;
}

/**
 * The sync loop of one root: a PeriodicTask that runs a round every interval while this window owns the
 * checkout's loop lock (`sync-loop`). When another process owns it, this window runs no loop of its own but
 * still answers Sync Now with a single round (rounds never overlap: the core's `sync` lock).
 */
export class RootSync implements vscode.Disposable {
  private readonly task: PeriodicTask<SyncResult | undefined>;
  private readonly lock: LoopLock;
  private refresher: NodeJS.Timeout | undefined;
  private oneShot: Promise<SyncResult> | undefined;
  private loopElsewhere: string | undefined;
  private last: SyncResult | undefined;
  private started = false;
  private intervalMs: number;
  private readonly changed = new vscode.EventEmitter<RootSyncState>();
  readonly onDidChange = this.changed.event;

  constructor(readonly root: CoordinationRoot, private readonly log: vscode.LogOutputChannel, private readonly afterRound: (result: SyncResult) => void) {
    this.lock = new LoopLock(root.layout, loopLockName('sync'), root.ctx.host);
    this.intervalMs = readSyncSettings(root.folder.uri).intervalMs;
    this.task = new PeriodicTask('sync', () => this.loopRound(), { intervalMs: this.intervalMs });
    this.task.onDidChange(() => this.changed.fire(this.state));
  }

  get state(): RootSyncState {
    const s = this.task.state;
    return {
      running: s.running || this.oneShot !== undefined,
      ...(this.last ? { last: this.last } : {}),
      ...(s.lastError && s.consecutiveFailures > 0 ? { error: s.lastError } : {}),
      ...(s.nextRunAt ? { nextRunAt: s.nextRunAt } : {}),
      ...(this.loopElsewhere ? { loopElsewhere: this.loopElsewhere } : {}),
    };
  }

  /** Starts the loop; the first round comes after `firstDelayMs`, so loading a window never waits on git. */
  start(firstDelayMs: number): void {
    const intervalMs = readSyncSettings(this.root.folder.uri).intervalMs;
    if (this.started && intervalMs === this.intervalMs) return;
    if (this.started) this.task.setInterval(intervalMs);
    else this.task.start(firstDelayMs);
    this.started = true;
    this.intervalMs = intervalMs;
  }

  /** One round now: the loop's own when this window runs it, else a single round of its own. */
  async runNow(): Promise<SyncResult> {
    if (this.lock.held) {
      const before = this.last;
      await this.task.runNow().catch(() => undefined);
      if (this.last && this.last !== before) return this.last;
    }
    this.oneShot ??= this.round().finally(() => {
      this.oneShot = undefined;
      this.changed.fire(this.state);
    });
    this.changed.fire(this.state);
    return this.oneShot;
  }

  private async loopRound(): Promise<SyncResult | undefined> {
    if (!this.ownsLoop()) return undefined;
    const result = await this.round();
    // A round that gave up lost to other computers' publishes: the status bar warns, but the loop keeps its
    // interval — backing off would leave this computer unheard longer (its sessions would look gone elsewhere).
    return result;
  }

  private ownsLoop(): boolean {
    if (this.lock.held && this.lock.refresh()) return true;
    const got = this.lock.tryAcquire();
    if (!got.acquired) {
      const elsewhere = `pid ${got.heldBy.pid} on ${got.heldBy.host}`;
      if (this.loopElsewhere !== elsewhere) this.log.info(`Sync loop for ${this.root.rootPath} runs in ${elsewhere}; this window syncs only on Sync Now`);
      this.loopElsewhere = elsewhere;
      return false;
    }
    this.loopElsewhere = undefined;
    // The lock goes stale unrefreshed after 30 s, far shorter than a sync interval.
    this.refresher ??= setInterval(() => this.lock.held && this.lock.refresh(), loopLockStaleMs / 3);
    return true;
  }

  private async round(): Promise<SyncResult> {
    const settings = readSyncSettings(this.root.folder.uri);
    if (settings.problem) this.log.warn(`${settings.problem}; using ${settings.remote}/${settings.branch}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `$(sync~spin) Coordination: syncing with ${settings.remote}` },
      () => syncEngine().syncNow(this.root.ctx, settings),
    );
    const line = `Sync ${this.root.label}: ${syncSummary(result)}`;
    if (result.outcome === 'gave-up' || result.diagnostics.length > 0) this.log.warn(line);
    else this.log.info(line);
    for (const d of result.diagnostics) this.log.warn(`  ${d.path}: ${d.reason}`);
    this.last = result;
    this.afterRound(result);
    return result;
  }

  stop(): void {
    this.started = false;
    this.task.stop();
    if (this.refresher) clearInterval(this.refresher);
    this.refresher = undefined;
    this.lock.release();
  }

  dispose(): void {
    this.stop();
    this.changed.dispose();
  }
}
