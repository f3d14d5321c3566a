import { readComputerFacts } from '../../core/sessions/computerFacts';
import { defaultSyncIntervalMs, listComputers } from '../../core/sessions/computers';
import { readStatus } from '../../core/sessions/status';
import { computerLines } from '../computerLines';
import { claimLine, sessionLine } from '../format';
import { rejectExtra } from '../args';
import { formatDuration } from '../../core/files/duration';
import type { Command } from '../command';

const usage = 'coord status [--all]';

export const statusCommand: Command = {
  name: 'status',
  summary: 'sessions, claims, messages, work and computers at a glance',
  usage,
  options: { all: { type: 'boolean', help: '--all            also list gone and ended sessions, and count every message' } },
  run({ ctx, session, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const status = readStatus(ctx, session || undefined, { messageTotals: values.all === true });
    const c = status.sessionCounts;
    const nowMs = Date.parse(status.now);
    // The interval is a VS Code setting the CLI cannot read: it judges by the setting's default.
    const computers = listComputers({
      sessions: status.sessions,
      claims: status.claims,
      work: status.workItems,
      facts: readComputerFacts(ctx.layout),
      selfHost: ctx.host,
      nowMs,
      syncIntervalMs: defaultSyncIntervalMs,
    });
    const offlineAfter = formatDuration(2 * defaultSyncIntervalMs);
    const shown = values.all === true ? status.sessions : status.sessions.filter((s) => s.state === 'active' || s.state === 'stale');
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
      ...(status.diagnostics.length ? [`Problems: ${status.diagnostics.length} bad file(s) skipped — run \`coord doctor\``] : []),
    ];
    return {
      json: {
        dir: status.dir,
        now: status.now,
        ...(status.self ? { self: status.self } : {}),
        sessionCounts: status.sessionCounts,
        sessions: status.sessions.map((s) => ({ ...s.session, state: s.state, heartbeatAgeMs: s.heartbeatAgeMs, claims: s.claims })),
        claims: status.claims.map((v) => ({ ...v.claim, expiresAt: v.expiresAt, remainingMs: v.remainingMs, expired: v.expired, holderState: v.holderState, free: v.free })),
        ...(status.messages ? { messages: status.messages } : {}),
        work: status.work,
        computers,
        syncIntervalMs: defaultSyncIntervalMs,
        diagnostics: status.diagnostics,
      },
      text: lines.join('\n'),
    };
  },
};
