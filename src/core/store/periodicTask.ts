export interface PeriodicTaskState<T> {
  running: boolean;
  runs: number;
  lastStartedAt?: number;
  lastFinishedAt?: number;
  lastResult?: T;
  lastError?: string;
  consecutiveFailures: number;
  nextRunAt?: number;
}

export interface PeriodicTaskOptions {
  intervalMs: number;
  /** The longest wait between attempts after failures (the interval doubles per failure up to this). */
  maxBackoffMs?: number;
  /** Each wait is the interval ± this share of it (0–0.5; default 0), so loops started together drift apart. */
  jitterRatio?: number;
}

/**
 * A background loop (sync, health): runs a task every interval, never overlapping itself — "run now" during a
 * run returns that run — and backs off after failures, keeping what failed for the UI to show.
 */
export class PeriodicTask<T> {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<T> | undefined;
  private stopped = true;
  private readonly listeners = new Set<(state: PeriodicTaskState<T>) => void>();
  readonly state: PeriodicTaskState<T> = { running: false, runs: 0, consecutiveFailures: 0 };

  constructor(
    readonly name: string,
    private readonly task: () => Promise<T>,
    private options: PeriodicTaskOptions,
  ) {}

  /** Starts the loop; the first run happens after `firstDelayMs` (default: at once). */
  start(firstDelayMs = 0): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.state.nextRunAt = undefined;
  }

  setInterval(intervalMs: number): void {
    this.options = { ...this.options, intervalMs };
    if (!this.stopped && !this.current) this.schedule(this.jittered(intervalMs));
  }

  /** Runs now (or joins the run in progress) and resolves with its result; rejects with its error. */
  runNow(): Promise<T> {
    if (this.current) return this.current;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.execute();
    this.current = run;
    const settle = () => {
      this.current = undefined;
      if (!this.stopped) this.schedule(this.delayAfterRun());
      this.emit();
    };
    run.then(settle, settle);
    return run;
  }

  onDidChange(listener: (state: PeriodicTaskState<T>) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Resolves when the run in progress (if any) has settled; used for a clean stop. */
  async idle(): Promise<void> {
    try {
      await this.current;
    } catch {
      // Its failure is already in the state.
    }
  }

  private async execute(): Promise<T> {
    this.state.running = true;
    this.state.lastStartedAt = Date.now();
    this.state.nextRunAt = undefined;
    this.emit();
    try {
      const result = await this.task();
      this.state.lastResult = result;
      this.state.lastError = undefined;
      this.state.consecutiveFailures = 0;
      return result;
    } catch (error) {
      this.state.lastError = error instanceof Error ? error.message : String(error);
      this.state.consecutiveFailures++;
      throw error;
    } finally {
      this.state.running = false;
      this.state.runs++;
      this.state.lastFinishedAt = Date.now();
    }
  }

  private delayAfterRun(): number {
    const { intervalMs, maxBackoffMs = Math.max(intervalMs, 15 * 60_000) } = this.options;
    const wait =
      this.state.consecutiveFailures === 0
        ? intervalMs
        : Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(this.state.consecutiveFailures, 16));
    return this.jittered(wait);
  }

  private jittered(ms: number): number {
    const ratio = Math.min(0.5, Math.max(0, this.options.jitterRatio ?? 0));
    return Math.max(0, Math.round(ms * (1 + ratio * (2 * Math.random() - 1))));
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.state.nextRunAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runNow().catch(() => undefined);
    }, delayMs);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.state);
  }
}
