import { formatDuration } from '../../core/store/durationText';
import { usageError } from '../../core/store/errors';
import type { Finding } from '../../core/health/healthFindings';
import { runHealthRoundNow } from '../../core/health/healthLoop';
import type { HealthRoundResult } from '../../core/health/healthRound';
import type { LoopLockRecord } from '../../core/store/loopLock';
import { percent } from '../../core/work/milestones';
import { rejectExtra } from '../args';
import type { Command } from '../command';
import { clean } from '../format';

export const healthCommand: Command = {
  name: 'health',
  summary: 'one health-check round: liveness, freed claims, duplicate work, idle sessions, milestones, services',
  usage: 'coord health [--broadcast]',
  details: [
    'Prints what the round found: events (a session went stale or gone, a claim was freed) and insights (two',
    'sessions on one target, an idle session and the work that waits for it, a service down). Gone sessions are',
    'retired and free claims freed, as the loop does. When another process runs the health loop of this checkout',
    '(VS Code, `coord watch`), the round is a look only and says so. Exit 0 whatever it finds.',
  ].join('\n'),
  options: {
    broadcast: { type: 'boolean', help: '--broadcast      broadcast new findings as this session (said once)' },
  },
  async run({ ctx, session, positionals, values }) {
    rejectExtra(positionals, 0, 'coord health');
    if (values.broadcast === true && !session)
      throw usageError('--broadcast needs a session to broadcast as', 'pass --session ID or set COORD_SESSION', {
        action: 'register-session',
      });
    const { result, heldBy } = await runHealthRoundNow(ctx, {
      trusted: true,
      ...(values.broadcast === true ? { broadcastAs: session } : {}),
    });
    return { json: { ...result, ...(heldBy ? { loopHeldBy: heldBy } : {}) }, text: healthText(result, heldBy) };
  },
};

const marks: Record<Finding['severity'], string> = { error: '✕', warning: '⚠', info: '·' };

export function healthText(r: HealthRoundResult, heldBy?: LoopLockRecord): string {
  const s = r.sessions;
  const w = r.work;
  const lines = [
    `Health round ${r.round}${r.recorded ? '' : ' (a look only)'} in ${r.durationMs < 1000 ? `${r.durationMs} ms` : formatDuration(r.durationMs)}`,
    ...(heldBy
      ? [
          `  The health loop of this checkout runs in pid ${heldBy.pid} on ${clean(heldBy.host)}: nothing was freed or recorded here.`,
        ]
      : []),
    `Sessions: ${s.active} active, ${s.stale} stale, ${s.gone} gone, ${s.ended} ended`,
    `Claims: ${r.claims.total}${r.claims.freed ? ` (${r.claims.freed} freed this round)` : ''}`,
    `Work: ${w.ready} ready, ${w.claimed} claimed, ${w.blocked} blocked, ${w.done} done`,
  ];
  const events = r.findings.filter((f) => f.category === 'event');
  const insights = r.findings.filter((f) => f.category === 'insight');
  lines.push(events.length ? 'Events:' : 'Events: none');
  for (const f of events) lines.push(`  ${marks[f.severity]} ${clean(f.text)}`);
  lines.push(insights.length ? 'Insights:' : 'Insights: none');
  for (const f of insights) lines.push(`  ${marks[f.severity]} ${clean(f.text)}`);
  const m = r.milestones;
  lines.push(
    m.milestones.length
      ? `Milestones: ${m.done}/${m.total} (${percent(m.done, m.total)}%) — ${m.milestones.map((x) => `${clean(x.title)} ${x.done}/${x.total}`).join(', ')}`
      : 'Milestones: none (checklists in milestones/*.md)',
  );
  if (!r.services.configured) lines.push('Services: none (services.json)');
  else if (!r.services.checked)
    lines.push(`Services: ${r.services.configured} not checked (${r.services.reason ?? 'untrusted'})`);
  else
    lines.push(
      `Services: ${r.services.results.map((x) => `${clean(x.name)} ${x.state}${x.state === 'offline' ? '' : ` ${x.responseMs} ms`}`).join(' · ')}`,
    );
  if (r.report) lines.push(`Report: ${clean(r.report)}`);
  if (r.broadcast)
    lines.push(
      'messageId' in r.broadcast
        ? `Broadcast ${r.broadcast.count} finding(s) as message ${r.broadcast.messageId}`
        : `Not broadcast: ${clean(r.broadcast.reason)}`,
    );
  if (r.diagnostics.length) lines.push(`Problems: ${r.diagnostics.length} bad file(s) skipped — run \`coord doctor\``);
  return lines.join('\n');
}
