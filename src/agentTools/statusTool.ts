import * as z from 'zod/mini';
import { claimTitle } from '../core/claims/claimView';
import { readStatus } from '../core/views/status';
import { statusRecord } from '../core/views/statusRecord';
import { optionalActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const input = z.strictObject({
  all: z.optional(z.boolean().check(z.describe('Also list gone and ended sessions, and count every message.'))),
  session: sessionField,
});

/** `coord status`: needs no session, so it is the first thing an agent can call. */
export const statusTool: AgentTool<z.infer<typeof input>> = {
  name: 'status',
  title: 'Coordination status',
  description:
    'Who is working on what: live sessions (state, role, last heartbeat, claims), every claim (holder, expiresAt), work queue counts, and your own id and unread count. ' +
    'Call it before picking work and before claiming.',
  input,
  mutating: false,
  run(i, env) {
    // Acting as a session that does not exist (or ended) is refused here too, not shown as an empty inbox.
    const self = optionalActingSession(env, i.session);
    const status = readStatus(env.ctx, self, { messageTotals: i.all === true });
    const shown =
      i.all === true ? status.sessions : status.sessions.filter((s) => s.state === 'active' || s.state === 'stale');
    const c = status.sessionCounts;
    const text = [
      ...(status.self
        ? [`You: ${status.self.id}, ${status.self.inbox.unread} unread message(s).`]
        : ['You have no session yet (the register tool makes one).']),
      `Sessions: ${c.active} active, ${c.stale} stale, ${c.gone} gone, ${c.ended} ended.`,
      ...shown.map(
        (s) =>
          `  ${s.session.id} (${s.state}${s.session.role ? `, ${s.session.role}` : ''})${s.session.heartbeat?.action ? `: ${s.session.heartbeat.action}${s.session.heartbeat.target ? ` ${s.session.heartbeat.target}` : ''}` : ''}`,
      ),
      `Claims: ${status.claims.length}.`,
      ...status.claims.map(
        (v) =>
          `  ${claimTitle(v.claim)} by ${v.claim.holder} until ${v.expiresAt}${v.free ? ' (free to take over)' : ''}`,
      ),
      `Work: ${status.work.ready} ready, ${status.work.claimed} claimed, ${status.work.blocked} blocked, ${status.work.done} done.`,
    ].join('\n');
    const unread = status.self?.inbox.unread ?? 0;
    const next = !status.self
      ? 'call the register tool to join as a session, then claim work before you start on it'
      : unread > 0
        ? `read your ${unread} unread message(s) first (inbox tool, then read), then claim work`
        : 'claim work before you start on it (claim_next_work for the queue, claim for anything else; ' +
          'claims_covering says who has a file)';
    return toolResult('shown', statusRecord(status, shown), text, next);
  },
};
