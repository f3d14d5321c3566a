import { writeSync } from 'node:fs';
import { parseDuration } from '../../core/store/duration';
import type { LoopLockRecord } from '../../core/store/loopLock';
import { CheckoutLoop } from '../../core/loops/checkoutLoop';
import { syncSettingsFrom } from '../../core/sync/syncSettings';
import { buildWatchLoops, defaultSyncIntervalMs, type WatchLoop } from '../../core/health/watchLoops';
import { refused, usageError } from '../../core/store/errors';
import { defaultHealthIntervalMs, defaultReportEveryRounds } from '../../core/health/healthRound';
import { intValue, rejectExtra, stringValue } from '../args';
import type { Command } from '../command';
import type { TreeLayout } from '../../core/store/layout';
import { clean } from '../format';
import { syncOptions } from './sync';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'run the background loops (sync, health) headless until Ctrl+C',
  usage:
    'coord watch [--interval 5m] [--health-interval 30s] [--report-every 10] [--broadcast-findings] [--no-health] [--wait] [--remote NAME] [--branch NAME]',
  details: [
    'One line per round. One loop of a kind per checkout: when another process (VS Code, another coord watch)',
    'runs it, says who and exits 1 — or, with --wait, waits for it to stop. With --json, one JSON object per line.',
  ].join('\n'),
  options: {
    interval: { type: 'string', help: '--interval D     time between sync rounds (default 5m)' },
    wait: { type: 'boolean', help: '--wait           wait for a loop another process runs, instead of exiting 1' },
    'health-interval': { type: 'string', help: '--health-interval D  time between health rounds (default 30s)' },
    'report-every': {
      type: 'string',
      help: '--report-every N     a report in reports/ every N health rounds (default 10; 0: never)',
    },
    'broadcast-findings': {
      type: 'boolean',
      help: '--broadcast-findings  broadcast new health findings as this session (needs --session or COORD_SESSION)',
    },
    'no-health': { type: 'boolean', help: '--no-health          run without the health loop' },
    ...syncOptions,
  },
  async run({ ctx, session, positionals, values, env }) {
    rejectExtra(positionals, 0, 'coord watch');
    const settings = syncSettingsFrom(env, {
      remote: stringValue(values, 'remote'),
      branch: stringValue(values, 'branch'),
    });
    const interval = stringValue(values, 'interval');
    const intervalMs = interval ? parseDuration(interval, '--interval') * 1000 : defaultSyncIntervalMs;
    const healthInterval = stringValue(values, 'health-interval');
    if (values['broadcast-findings'] === true && !session)
      throw usageError(
        '--broadcast-findings needs a session to broadcast as',
        'pass --session ID or set COORD_SESSION',
        { action: 'register-session' },
      );
    const health = {
      intervalMs: healthInterval ? parseDuration(healthInterval, '--health-interval') * 1000 : defaultHealthIntervalMs,
      reportEveryRounds: intValue(values, 'report-every', 0, 100_000) ?? defaultReportEveryRounds,
      ...(values['broadcast-findings'] === true ? { broadcastAs: session } : {}),
    };
    const loops = buildWatchLoops(ctx, {
      sync: { settings, intervalMs },
      ...(values['no-health'] === true ? {} : { health }),
    });
    if (loops.length === 0)
      throw refused(
        'no loop to run: sync is turned off (COORD_SYNC=off)',
        'unset COORD_SYNC to sync with git',
        undefined,
        { action: 'change-environment', need: 'sync-enabled' },
      );
    const json = values.json === true;
    const say = (loop: string, text: string, extra: Record<string, unknown> = {}) =>
      writeLine(
        json
          ? JSON.stringify({ at: new Date().toISOString(), loop, text, ...extra })
          : `${new Date().toISOString().slice(0, 19).replace('T', ' ')}  ${loop}: ${clean(text)}`,
      );

    let stopping = false;
    let wake: (() => void) | undefined;
    const stop = () => {
      stopping = true;
      wake?.();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const held: CheckoutLoop<string>[] = [];
    try {
      for (const loop of loops) {
        const checkoutLoop = startableLoop(ctx.layout, ctx.host, loop, say, () => {
          say(loop.name, 'another process took over this loop (this one stalled); stopping');
          stop();
        });
        for (let told = false; ; told = true) {
          const got = checkoutLoop.tryAcquire();
          if (got.acquired) break;
          if (values.wait !== true)
            throw refused(
              `the ${loop.name} loop already runs for this checkout: ${describe(got.heldBy)}`,
              'stop it first, or pass --wait to take over when it stops',
              { heldBy: got.heldBy },
              { action: 'pass-option', option: 'wait' },
            );
          if (!told) say(loop.name, `waiting: the loop runs in ${describe(got.heldBy)}`);
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 2000);
          });
          if (stopping) return { json: { loops: [], rounds: 0 }, text: 'Stopped before the loop was free' };
        }
        held.push(checkoutLoop);
      }
      for (const loop of held) loop.start();
      say(
        'watch',
        `running ${loops.map((l) => `${l.name} every ${Math.round(l.intervalMs / 1000)} s`).join(', ')}; Ctrl+C stops`,
      );
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (stopping) resolve();
      });
      // The round in progress finishes and is counted; then the loops are free for another process.
      await Promise.all(held.map((l) => l.stop()));
      const rounds = held.reduce((sum, l) => sum + l.state.task.runs, 0);
      return { json: { loops: loops.map((l) => l.name), rounds }, text: `Stopped after ${rounds} round(s)` };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await Promise.all(held.map((l) => l.stop()));
    }
  },
};

/** A loop of this checkout, saying one line per round (its result, or why it failed and when it runs again). */
function startableLoop(
  layout: TreeLayout,
  host: string,
  loop: WatchLoop,
  say: (loop: string, text: string, extra?: Record<string, unknown>) => void,
  onLost: () => void,
): CheckoutLoop<string> {
  const checkoutLoop = new CheckoutLoop(layout, loop.name, host, () => loop.run(), {
    intervalMs: loop.intervalMs,
    ...(loop.jitterRatio !== undefined ? { jitterRatio: loop.jitterRatio } : {}),
    onLost,
  });
  let reported = 0;
  checkoutLoop.onDidChange(({ task: state }) => {
    if (state.running || state.runs === reported) return;
    reported = state.runs;
    const next = state.nextRunAt ? ` (next in ${Math.round((state.nextRunAt - Date.now()) / 1000)} s)` : '';
    if (state.lastError !== undefined && state.consecutiveFailures > 0)
      say(loop.name, `failed: ${state.lastError}${next}`, { ok: false });
    else say(loop.name, state.lastResult ?? '', { ok: true });
  });
  return checkoutLoop;
}

function describe(holder: LoopLockRecord): string {
  return `pid ${holder.pid} on ${holder.host} (since ${holder.acquiredAt})`;
}

function writeLine(text: string): void {
  const data = Buffer.from(`${text}\n`, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(1, data, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
