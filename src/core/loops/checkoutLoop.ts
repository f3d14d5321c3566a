import type { TreeLayout } from '../store/layout';
import { LoopLock, loopLockStaleMs, type LoopLockRecord, type LoopLockResult } from '../store/loopLock';
import { PeriodicTask, type PeriodicTaskState } from '../store/periodicTask';

/** 'running': this process holds the checkout's loop; 'following': another does; 'stopped': not started. */
export type LoopRole = 'stopped' | 'running' | 'following';

export interface CheckoutLoopState<T> {
  role: LoopRole;
  /** Who runs the loop while this process follows. */
  heldBy?: LoopLockRecord;
  task: PeriodicTaskState<T | undefined>;
}

export interface CheckoutLoopOptions<T> {
  intervalMs: number;
  /** Each wait is the interval ± this share of it, so loops started together (many computers) drift apart. */
  jitterRatio?: number;
  maxBackoffMs?: number;
  /** What a round is while another process runs the loop (health reads the holder's last round); default none. */
  follow?(heldBy: LoopLockRecord): T | undefined;
  /** The lock was lost while held (this process stalled past its staleness and another took over). */
  onLost?(): void;
}

/**
 * The one owner of "run a background loop" (sync, health — in the extension and in `coord watch` alike): a round
 * every interval with jitter, never overlapping itself, backing off after failures (PeriodicTask), and one such
 * loop per checkout (a LoopLock kept fresh while held). A process that cannot take the lock follows: each interval
 * it tries again, so when the holder goes away one of the followers takes over.
 */
export class CheckoutLoop<T> {
  private readonly lock: LoopLock;
  private readonly task: PeriodicTask<T | undefined>;
  private keeper: NodeJS.Timeout | undefined;
  private role: LoopRole = 'stopped';
  private heldBy: LoopLockRecord | undefined;
  private readonly listeners = new Set<(state: CheckoutLoopState<T>) => void>();

  constructor(
    layout: TreeLayout,
    readonly name: string,
    host: string,
    private readonly round: () => Promise<T>,
    private readonly options: CheckoutLoopOptions<T>,
  ) {
    this.lock = new LoopLock(layout, `${name}-loop`, host);
    this.task = new PeriodicTask(name, () => this.step(), {
      intervalMs: options.intervalMs,
      ...(options.jitterRatio !== undefined ? { jitterRatio: options.jitterRatio } : {}),
      ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
    });
    this.task.onDidChange(() => this.emit());
  }

  get state(): CheckoutLoopState<T> {
    return { role: this.role, ...(this.heldBy ? { heldBy: this.heldBy } : {}), task: this.task.state };
  }

  /** Whether this process runs the checkout's loop now. */
  get holdsLock(): boolean {
    return this.lock.held;
  }

  /** Takes the loop now if it is free (a `coord watch` that must not run beside another loop asks first). */
  tryAcquire(): LoopLockResult {
    if (this.lock.held) return { acquired: true };
    const got = this.lock.tryAcquire();
    if (got.acquired) this.holding();
    else this.following(got.heldBy);
    return got;
  }

  /** Starts the rounds; the first comes after `firstDelayMs` (default: at once). */
  start(firstDelayMs = 0): void {
    this.task.start(firstDelayMs);
  }

  /** A round now (or the one in progress): the loop's own when this process holds it, else a follower's look. */
  runNow(): Promise<T | undefined> {
    return this.task.runNow();
  }

  setInterval(intervalMs: number): void {
    this.task.setInterval(intervalMs);
  }

  onDidChange(listener: (state: CheckoutLoopState<T>) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Stops the rounds, waits for the one in progress, and frees the loop for another process. */
  async stop(): Promise<void> {
    this.task.stop();
    await this.task.idle();
    this.stopKeeper();
    this.lock.release();
    this.role = 'stopped';
    this.heldBy = undefined;
    this.emit();
  }

  private async step(): Promise<T | undefined> {
    if (!this.lock.held) {
      const got = this.lock.tryAcquire();
      if (!got.acquired) {
        this.following(got.heldBy);
        return this.options.follow?.(got.heldBy);
      }
      this.holding();
    }
    return this.round();
  }

  private holding(): void {
    this.role = 'running';
    this.heldBy = undefined;
    this.stopKeeper();
    // The lock goes stale unrefreshed after loopLockStaleMs; refreshed three times as often, a slow round never
    // loses it — only a process stalled far longer does, and it then hears so.
    this.keeper = setInterval(() => {
      if (this.lock.refresh()) return;
      this.stopKeeper();
      this.role = 'following';
      this.options.onLost?.();
      this.emit();
    }, loopLockStaleMs / 3);
    this.keeper.unref?.();
  }

  private following(heldBy: LoopLockRecord): void {
    this.role = 'following';
    this.heldBy = heldBy;
  }

  private stopKeeper(): void {
    if (this.keeper) clearInterval(this.keeper);
    this.keeper = undefined;
  }

  private emit(): void {
    const state = this.state;
    for (const l of this.listeners) l(state);
  }
}
