import type { CoordContext } from '../records/context';
import { findGitCheckout, type GitCheckout } from '../store/gitCheckout';
import { usageError } from '../store/errors';
import { GitRepository } from './gitRepository';
import { GitRunner } from './gitRunner';
import { configuredRemotes, unknownRemoteProblem } from './remoteConfig';
import { defaultSyncSettings } from './syncSettings';
import { writeLastRound } from './computersFile';
import { LoopLock, loopLockStaleMs } from '../store/loopLock';
import { attemptRound } from './syncRound';
import { emptySyncResult, type SyncResult } from './syncResult';
import type { SyncSettings } from './syncSettings';

/** Waits before repeating a round whose publish was refused: someone else published first. */
export const defaultRetryDelaysMs = [2000, 4000, 8000, 16000];

export interface SyncNowOptions {
  retryDelaysMs?: number[];
  /** How long to wait for another process's round to finish before answering "busy". */
  lockWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One sync round for a checkout, start to finish: at most one per checkout at a time (the `sync` lock in
 * `.local/locks/`), repeated with backoff while the publish is refused. Offline is an answer, not an error:
 * local work goes on and the next round converges.
 */
export async function syncNow(
  ctx: CoordContext,
  settings: SyncSettings,
  options: SyncNowOptions = {},
): Promise<SyncResult> {
  const started = Date.now();
  const result = emptySyncResult(settings.remote, settings.branch, started);
  const finish = (r: SyncResult) => ({ ...r, durationMs: Date.now() - started });
  const finishRound = (r: SyncResult) => {
    const done = finish(r);
    writeLastRound(ctx.layout, {
      outcome: done.outcome,
      finishedAt: new Date().toISOString(),
      ...(done.reason ? { reason: done.reason } : {}),
      ahead: done.ahead,
      behind: done.behind,
      durationMs: done.durationMs,
      problems: done.diagnostics.length,
    });
    return done;
  };
  if (!settings.enabled)
    return finish({
      ...result,
      outcome: 'disabled',
      reason: 'sync is turned off (COORD_SYNC=off or coordination.sync.enabled)',
    });
  const checkout = findGitCheckout(ctx.layout.root);
  if (!checkout)
    return finish({
      ...result,
      outcome: 'offline',
      reason: `${ctx.layout.root} is not in a git repository; the tree stays on this computer`,
      ahead: 0,
    });

  await refuseUnknownRemote(ctx, checkout, settings);
  const sleep = options.sleep ?? sleepFor;
  const lock = new LoopLock(ctx.layout, 'sync', ctx.host);
  const holder = await acquire(lock, options.lockWaitMs ?? 120_000, sleepFor);
  if (holder)
    return finish({
      ...result,
      outcome: 'busy',
      reason: `another sync round is running here (${holder}); try again when it ends`,
    });
  const refresher = setInterval(() => lock.refresh(), loopLockStaleMs / 3);
  try {
    const delays = options.retryDelaysMs ?? settings.retryDelaysMs ?? defaultRetryDelaysMs;
    let sum = result;
    for (let attempt = 0; ; attempt++) {
      const outcome = await attemptRound(ctx, checkout, settings);
      if (outcome.kind === 'offline')
        return finishRound({
          ...sum,
          outcome: 'offline',
          reason: outcome.reason,
          ahead: outcome.ahead ?? 0,
          behind: null,
          attempts: attempt + 1,
        });
      // Claims settled and files merged in an earlier attempt stay settled: the round reports all of it.
      sum = accumulate(sum, outcome.result);
      const merged = { ...sum, attempts: attempt + 1 };
      if (outcome.kind === 'done') {
        const changed =
          merged.published || merged.fetched + merged.merged + merged.pushed + merged.claims.lost.length > 0;
        return finishRound({ ...merged, outcome: changed ? 'synced' : 'up-to-date' });
      }
      const delay = delays[attempt];
      if (delay === undefined) {
        const waited = delays.reduce((a, b) => a + b, 0) / 1000;
        return finishRound({
          ...merged,
          outcome: 'gave-up',
          reason: `${attempt + 1} publishes were refused over ${waited} s (${outcome.reason}); the next round tries again`,
        });
      }
      await sleep(delay);
    }
  } finally {
    clearInterval(refresher);
    lock.release();
  }
}

/** A remote the repository does not have is a mistake to name, never a round against nothing (which once deleted). */
async function refuseUnknownRemote(ctx: CoordContext, checkout: GitCheckout, settings: SyncSettings): Promise<void> {
  const remotes =
    configuredRemotes(checkout) ??
    (await new GitRepository(new GitRunner(ctx.layout.root), checkout, ctx.layout.localDir).remoteNames());
  const problem = unknownRemoteProblem(settings.remote, remotes, defaultSyncSettings.remote);
  if (problem) throw usageError(`cannot sync: ${problem}`, undefined, { action: 'configure-sync', setting: 'remote' });
}

function accumulate(sum: SyncResult, next: Partial<SyncResult>): SyncResult {
  const claims = next.claims ?? { confirmed: [], lost: [], pending: [] };
  return {
    ...sum,
    ...next,
    fetched: sum.fetched + (next.fetched ?? 0),
    merged: sum.merged + (next.merged ?? 0),
    claims: {
      confirmed: [...new Set([...sum.claims.confirmed, ...claims.confirmed])],
      lost: [...sum.claims.lost, ...claims.lost],
      // Pending is what is still open after the last attempt.
      pending: claims.pending,
    },
    diagnostics: [
      ...sum.diagnostics,
      ...(next.diagnostics ?? []).filter(
        (d) => !sum.diagnostics.some((s) => s.path === d.path && s.reason === d.reason),
      ),
    ],
  };
}

/** Takes the lock, waiting for a running round; returns who holds it when the wait runs out. */
async function acquire(
  lock: LoopLock,
  waitMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    const got = lock.tryAcquire();
    if (got.acquired) return undefined;
    if (Date.now() >= deadline) return `pid ${got.heldBy.pid} on ${got.heldBy.host} since ${got.heldBy.acquiredAt}`;
    await sleep(pause);
  }
}
