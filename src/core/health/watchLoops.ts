import type { CoordContext } from '../records/context';
import { healthWatchLoop, type HealthWatchOptions } from './healthWatchLoop';
import { syncNow } from '../sync/syncNow';
import { syncSummary } from '../sync/syncResult';
import { syncJitterRatio, type SyncSettings } from '../sync/syncSettings';

/**
 * A background loop that `coord watch` runs headless (and the extension runs while VS Code is open): a name, how
 * often, and one round that resolves with a line for the log — or rejects, which makes the loop back off.
 */
export interface WatchLoop {
  name: string;
  intervalMs: number;
  /** Each wait is the interval ± this share of it (see PeriodicTask). */
  jitterRatio?: number;
  run(): Promise<string>;
}

export interface WatchLoopOptions {
  sync?: { settings: SyncSettings; intervalMs: number };
  health?: HealthWatchOptions;
}

/** The lock a loop's owner holds for as long as it runs, so one checkout has one such loop. */
export function loopLockName(loop: string): string {
  return `${loop}-loop`;
}

export const defaultSyncIntervalMs = 5 * 60_000;

/** The loops of a checkout, in the order they start. Another loop (health) is one more entry here. */
export function buildWatchLoops(ctx: CoordContext, options: WatchLoopOptions): WatchLoop[] {
  const loops: WatchLoop[] = [];
  if (options.sync?.settings.enabled) loops.push(syncLoop(ctx, options.sync.settings, options.sync.intervalMs));
  if (options.health) loops.push(healthWatchLoop(ctx, options.health));
  return loops;
}

export function syncLoop(ctx: CoordContext, settings: SyncSettings, intervalMs = defaultSyncIntervalMs): WatchLoop {
  return {
    name: 'sync',
    intervalMs,
    jitterRatio: syncJitterRatio,
    async run() {
      const result = await syncNow(ctx, settings);
      // A round that gave up lost to other computers' publishes: said, but the loop keeps its interval, since
      // backing off would leave this computer unheard longer still (its sessions would look gone elsewhere).
      return syncSummary(result);
    },
  };
}
