import { readComputerFacts } from '../../core/views/computerFacts';
import { defaultSyncIntervalMs } from '../../core/views/computers';
import { readStatus } from '../../core/views/status';
import { computerLines } from '../computerLines';
import { claimLine, sessionLine } from '../format';
import { rejectExtra } from '../args';
import { formatDuration } from '../../core/store/durationText';
import { usageError } from '../../core/store/errors';
import type { Command } from '../command';
import { cliComputers, statusJsonWithComputers } from '../statusJson';

const usage = 'coord status [--all | --watch]';

export const statusCommand: Command = {
  name: 'status',
  summary: 'sessions, claims, messages, work and computers at a glance',
  usage,
  details: [
    'With --watch, the board is redrawn in place whenever a file of the tree changes, fitted to the terminal,',
    'until Ctrl+C; with --json, one status object per line per change. NO_COLOR turns colour off.',
  ].join('\n'),
  options: {
    all: { type: 'boolean', help: '--all            also list gone and ended sessions, and count every message' },
    watch: {
      type: 'boolean',
      help: '--watch          redraw on every change until Ctrl+C (--json: one object per change)',
    },
  },
  run({ ctx, session, values, positionals, env }) {
    rejectExtra(positionals, 0, usage);
    if (values.watch === true) {
      if (values.all === true) {
        throw usageError('--all and --watch do not go together', 'run `coord status --all` for the full listing once');
      }
      // Loaded only here: the watcher and its dependencies would slow every plain `coord status`.
      const { runStatusWatch } = require('../statusWatch') as typeof import('../statusWatch');
      return runStatusWatch({ ctx, session, json: values.json === true, env });
    }
    const status = readStatus(ctx, session || undefined, { messageTotals: values.all === true });
    const c = status.sessionCounts;
    const nowMs = Date.parse(status.now);
    // The interval is a VS Code setting the CLI cannot read: it judges by the setting's default.
    const computers = cliComputers(status, readComputerFacts(ctx.layout), ctx.host);
    const offlineAfter = formatDuration(2 * defaultSyncIntervalMs);
    const shown =
      values.all === true
        ? status.sessions
        : status.sessions.filter((s) => s.state === 'active' || s.state === 'stale');
    const lines = [
      `Coordination tree: ${status.dir}`,
      ...(status.self ? [`You: ${status.self.id} — ${status.self.inbox.unread} unread message(s)`] : []),
      `Sessions: ${c.active} active, ${c.stale} stale, ${c.gone} gone, ${c.ended} ended`,
      ...shown.map((s) => `  ${sessionLine(s)}`),
      `Claims: ${status.claims.length}`,
      ...status.claims.map((v) => `  ${claimLine(v)}`),
      ...(status.messages ? [`Messages: ${status.messages.total} total, ${status.messages.today} today`] : []),
      `Computers: ${computers.length} (offline after ${offlineAfter} without news; * = working)`,
      ...computerLines(computers, nowMs),
      `Work: ${status.work.ready} ready, ${status.work.claimed} claimed, ${status.work.blocked} blocked, ${status.work.done} done`,
      ...(status.diagnostics.length
        ? [`Problems: ${status.diagnostics.length} bad file(s) skipped — run \`coord doctor\``]
        : []),
    ];
    return {
      json: statusJsonWithComputers(status, computers),
      text: lines.join('\n'),
    };
  },
};
