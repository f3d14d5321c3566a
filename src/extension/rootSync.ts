import * as vscode from 'vscode';
import { CheckoutLoop } from '../core/loops/checkoutLoop';
import { syncEngine } from './syncEngineLoader';
import { syncSummary, type SyncResult } from '../core/sync/syncResult';
import { syncJitterRatio } from '../core/sync/syncSettings';
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
 * The sync loop of one root: the checkout's sync CheckoutLoop, whose rounds run while this window holds it. When
 * another process holds it, this window runs no loop of its own but still answers Sync Now with a single round
 * (rounds never overlap: the core's `sync` lock).
 */
export class RootSync implements vscode.Disposable {
  private readonly loop: CheckoutLoop<SyncResult>;
  private oneShot: Promise<SyncResult> | undefined;
  private loopElsewhere: string | undefined;
  private last: SyncResult | undefined;
  private started = false;
  private intervalMs: number;
  private readonly changed = new vscode.EventEmitter<RootSyncState>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly root: CoordinationRoot,
    private readonly log: vscode.LogOutputChannel,
    private readonly afterRound: (result: SyncResult) => void,
  ) {
    this.intervalMs = readSyncSettings(root.folder.uri).intervalMs;
    // A round that gave up lost to other computers' publishes: the status bar warns, but the loop keeps its
    // interval (no backoff) — backing off would leave this computer unheard longer (its sessions would look gone).
    this.loop = new CheckoutLoop(root.layout, 'sync', root.ctx.host, () => this.round(), {
      intervalMs: this.intervalMs,
      jitterRatio: syncJitterRatio,
      follow: (heldBy) => {
        const elsewhere = `pid ${heldBy.pid} on ${heldBy.host}`;
        if (this.loopElsewhere !== elsewhere)
          this.log.info(`Sync loop for ${this.root.rootPath} runs in ${elsewhere}; this window syncs only on Sync Now`);
        this.loopElsewhere = elsewhere;
        return undefined;
      },
    });
    this.loop.onDidChange((state) => {
      if (state.role === 'running') this.loopElsewhere = undefined;
      this.changed.fire(this.state);
    });
  }

  get state(): RootSyncState {
    const s = this.loop.state.task;
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
    if (this.started) this.loop.setInterval(intervalMs);
    else this.loop.start(firstDelayMs);
    this.started = true;
    this.intervalMs = intervalMs;
  }

  /** One round now: the loop's own when this window runs it, else a single round of its own. */
  async runNow(): Promise<SyncResult> {
    if (this.loop.holdsLock) {
      const before = this.last;
      await this.loop.runNow().catch(() => undefined);
      if (this.last && this.last !== before) return this.last;
    }
    this.oneShot ??= this.round().finally(() => {
      this.oneShot = undefined;
      this.changed.fire(this.state);
    });
    this.changed.fire(this.state);
    return this.oneShot;
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
    void this.loop.stop();
  }

  dispose(): void {
    this.stop();
    this.changed.dispose();
  }
}
