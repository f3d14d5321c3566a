import type { HealthRoundResult } from './healthRound';

/** One line per round for `coord watch` and the extension's log. */
export function healthSummary(r: HealthRoundResult): string {
  const s = r.sessions;
  const events = r.findings.filter((f) => f.category === 'event').length;
  const insights = r.findings.filter((f) => f.category === 'insight').length;
  const online = r.services.results.filter((x) => x.state === 'online').length;
  const parts = [
    `round ${r.round}${r.recorded ? '' : ' (look only)'} in ${r.durationMs} ms`,
    `${s.active} active, ${s.stale} stale, ${s.gone} gone`,
    `${r.claims.total} claims${r.claims.freed ? ` (${r.claims.freed} freed)` : ''}`,
    `${events} event${events === 1 ? '' : 's'}, ${insights} insight${insights === 1 ? '' : 's'}`,
  ];
  if (r.milestones.total) parts.push(`milestones ${r.milestones.done}/${r.milestones.total}`);
  if (r.services.configured)
    parts.push(
      r.services.checked
        ? `services ${online}/${r.services.results.length} online`
        : 'services not checked (untrusted)',
    );
  if (r.report) parts.push(`report ${r.report}`);
  if (r.broadcast && 'messageId' in r.broadcast)
    parts.push(`broadcast ${r.broadcast.count} finding${r.broadcast.count === 1 ? '' : 's'}`);
  return parts.join('; ');
}
