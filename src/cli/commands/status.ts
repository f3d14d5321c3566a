import { readStatus } from '../../core/sessions/status';
import { claimLine, sessionLine } from '../format';
import { rejectExtra } from '../args';
import type { Command } from '../command';

const usage = 'coord status [--all]';

export const statusCommand: Command = {
  name: 'status',
  summary: 'sessions, claims, messages and work at a glance',
  usage,
  options: { all: { type: 'boolean', help: '--all            also list gone and ended sessions, and count every message' } },
  run({ ctx, session, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const status = readStatus(ctx, session || undefined, { messageTotals: values.all === true });
    const c = status.sessionCounts;
    const shown = values.all === true ? status.sessions : status.sessions.filter((s) => s.state === 'active' || s.state === 'stale');
    const lines = [
      `Coordination tree: ${status.dir}`,
      ...(status.self ? [`You: ${status.self.id} — ${status.self.inbox.unread} unread message(s)`] : []),
      `Sessions: ${c.active} active, ${c.stale} stale, ${c.gone} gone, ${c.ended} ended`,
      ...shown.map((s) => `  ${sessionLine(s)}`),
      `Claims: ${status.claims.length}`,
      ...status.claims.map((v) => `  ${claimLine(v)}`),
      ...(status.messages ? [`Messages: ${status.messages.total} total, ${status.messages.today} today`] : []),
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
        diagnostics: status.diagnostics,
      },
      text: lines.join('\n'),
    };
  },
};
