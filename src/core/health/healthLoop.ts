import { readFileSync } from 'node:fs';
import type { CoordContext } from '../records/context';
import type { HealthInputs } from './healthInputs';
import {
  defaultReportEveryRounds,
  runHealthRound,
  type HealthRoundOptions,
  type HealthRoundResult,
} from './healthRound';
import { lastRoundPath } from './healthState';
import { LoopLock, type LoopLockRecord } from '../store/loopLock';
import type { PeriodicTaskState } from '../store/periodicTask';
import { CheckoutLoop, type LoopRole } from '../loops/checkoutLoop';

/**
 * The lock `coord watch` takes for its health loop (`loopLockName('health')` in watchLoops.ts, which a test keeps
 * equal). Spelled out here so the extension does not load the sync code that module brings with it.
 */
export const healthLoopLockName = 'health-loop';

export interface HealthLoopOptions {
  intervalMs: number;
  /** Asked before each round: service checks run only when true. */
  trusted(): boolean;
  /** The tree as the caller already holds it (the extension's cache); default: read from disk each round. */
  inputs?(): HealthInputs | undefined;
  /** The session to broadcast new findings as, or undefined to not broadcast (asked each round: a setting). */
  broadcastAs?(): string | undefined;
  reportEveryRounds?(): number;
}

/** What a front end shows about the loop: the last round, and who runs it when this process does not. */
export interface HealthLoopState {
  latest?: HealthRoundResult;
  /** 'running': this process holds the checkout's health loop; 'following': another does, its rounds are read. */
  role: LoopRole;
  heldBy?: LoopLockRecord;
  task: PeriodicTaskState<HealthRoundResult | undefined>;
}

/**
 * The health loop of a long-lived front end (the extension): a CheckoutLoop whose holder runs the rounds and whose
 * followers read the last round the holder wrote.
 */
export class HealthLoop {
  private readonly loop: CheckoutLoop<HealthRoundResult>;
  private latest: HealthRoundResult | undefined;
  private readonly listeners = new Set<(state: HealthLoopState) => void>();

  constructor(
    private readonly ctx: CoordContext,
    private readonly options: HealthLoopOptions,
  ) {
    this.loop = new CheckoutLoop(ctx.layout, 'health', ctx.host, () => this.round(), {
      intervalMs: options.intervalMs,
      follow: () => (this.latest = readLastRound(this.ctx) ?? this.latest),
    });
    this.loop.onDidChange(() => this.emit());
  }

  get state(): HealthLoopState {
    const { role, heldBy, task } = this.loop.state;
    return { role, ...(heldBy ? { heldBy } : {}), ...(this.latest ? { latest: this.latest } : {}), task };
  }

  start(firstDelayMs = 0): void {
    this.loop.start(firstDelayMs);
  }

  /** A round now (or the one in progress). Following, it reads the holder's last round instead. */
  runNow(): Promise<HealthRoundResult | undefined> {
    return this.loop.runNow();
  }

  setInterval(intervalMs: number): void {
    this.loop.setInterval(intervalMs);
  }

  onDidChange(listener: (state: HealthLoopState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    await this.loop.stop();
  }

  private async round(): Promise<HealthRoundResult> {
    const inputs = this.options.inputs?.();
    const broadcastAs = this.options.broadcastAs?.();
    const result = await runHealthRound(this.ctx, {
      trusted: this.options.trusted(),
      ...(inputs ? { inputs } : {}),
      ...(broadcastAs ? { broadcastAs } : {}),
      reportEveryRounds: this.options.reportEveryRounds?.() ?? defaultReportEveryRounds,
    });
    this.latest = result;
    return result;
  }

  private emit(): void {
    const state = this.state;
    for (const l of this.listeners) l(state);
  }
}

/** The last round the loop's holder wrote, for followers; undefined when there is none or it does not parse. */
export function readLastRound(ctx: CoordContext): HealthRoundResult | undefined {
  try {
    const value = JSON.parse(readFileSync(lastRoundPath(ctx.layout), 'utf8')) as Partial<HealthRoundResult>;
    if (
      typeof value.round !== 'number' ||
      !Array.isArray(value.findings) ||
      typeof value.services !== 'object' ||
      typeof value.milestones !== 'object'
    )
      return undefined;
    return value as HealthRoundResult;
  } catch {
    return undefined;
  }
}

/**
 * One round on demand (`coord health`, `coord report`). When no process runs the checkout's health loop, the
 * round is recorded as one of the loop's; when one does, this is a look only — nothing freed or remembered, so the
 * running loop's events are not stolen — and `heldBy` says who runs it.
 */
export async function runHealthRoundNow(
  ctx: CoordContext,
  options: Omit<HealthRoundOptions, 'record'>,
): Promise<{ result: HealthRoundResult; heldBy?: LoopLockRecord }> {
  const lock = new LoopLock(ctx.layout, healthLoopLockName, ctx.host);
  const got = lock.tryAcquire();
  try {
    const result = await runHealthRound(ctx, { ...options, record: got.acquired });
    return got.acquired ? { result } : { result, heldBy: got.heldBy };
  } finally {
    if (got.acquired) lock.release();
  }
}
