import { CoordError } from '../../core/store/errors';
import { runHealthRoundNow } from '../../core/health/healthLoop';
import { rejectExtra } from '../args';
import type { Command } from '../command';
import { clean } from '../format';

export const reportCommand: Command = {
  name: 'report',
  summary:
    'write a health report to reports/ now (sessions, utilisation, claims, work, milestones, messages, services)',
  usage: 'coord report',
  details:
    'Runs a health round and writes its report as markdown; prints the path. The health loop writes one every 10 rounds on its own.',
  async run({ ctx, positionals }) {
    rejectExtra(positionals, 0, 'coord report');
    const { result, heldBy } = await runHealthRoundNow(ctx, { trusted: true, report: 'always' });
    if (!result.report) {
      const why = result.diagnostics.at(-1);
      throw new CoordError(
        'io',
        `could not write the report${why ? `: ${why.reason}` : ''}`,
        'check that reports/ in the tree is a writable folder',
      );
    }
    return {
      json: {
        path: result.report,
        round: result.round,
        recorded: result.recorded,
        ...(heldBy ? { loopHeldBy: heldBy } : {}),
      },
      text: `Wrote ${clean(result.report)}`,
    };
  },
};
