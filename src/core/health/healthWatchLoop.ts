import type { CoordContext } from '../records/context';
import { defaultReportEveryRounds, runHealthRound } from './healthRound';
import { healthSummary } from './healthSummary';
import type { WatchLoop } from './watchLoops';

export interface HealthWatchOptions {
  intervalMs: number;
  reportEveryRounds?: number;
  broadcastAs?: string;
}

/** The health loop as `coord watch` runs it: the CLI is trusted, so services are checked. */
export function healthWatchLoop(ctx: CoordContext, options: HealthWatchOptions): WatchLoop {
  return {
    name: 'health',
    intervalMs: options.intervalMs,
    async run() {
      const result = await runHealthRound(ctx, {
        trusted: true,
        reportEveryRounds: options.reportEveryRounds ?? defaultReportEveryRounds,
        ...(options.broadcastAs ? { broadcastAs: options.broadcastAs } : {}),
      });
      const lines = [
        healthSummary(result),
        ...result.findings.filter((f) => f.category === 'event' || f.severity !== 'info').map((f) => `  ${f.text}`),
      ];
      return lines.join('\n');
    },
  };
}
