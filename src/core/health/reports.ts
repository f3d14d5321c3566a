import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createExclusive, safeUnlink } from '../store/atomicFile';
import type { ClaimView } from '../claims/claimView';
import { isoTime } from '../store/clock';
import { formatDuration } from '../store/durationText';
import type { HealthRoundResult } from './healthRound';
import type { HealthStateFile } from './healthState';
import type { TreeLayout } from '../store/layout';
import { isAlive } from '../sessions/liveness';
import { mdCode, mdText, progressBar } from '../store/markdownText';
import { percent } from '../work/milestones';
import type { ServiceState } from './serviceChecks';
import type { SessionView } from '../sessions/sessions';
import type { WorkView } from '../work/work';

/** Reports kept in reports/; older ones are removed when a new one is written (they are generated, never edited). */
export const keepReports = 100;
const reportName = /^\d{4}-\d{2}-\d{2}-\d{6}(?:-\d{1,3})?\.md$/;
const maxRows = 200;

export interface ReportInput {
  result: HealthRoundResult;
  sessions: SessionView[];
  claims: ClaimView[];
  work: WorkView[];
  /** The counters since the last report. */
  window: HealthStateFile['window'];
  messages: { total: number; since: number };
  now: number;
}

const serviceMarks: Record<ServiceState, string> = {
  online: '●',
  degraded: '◐',
  offline: '○',
  timeout: '⧗',
  error: '✕',
};

export function utc(ms: number): string {
  return `${isoTime(ms).slice(0, 16).replace('T', ' ')} UTC`;
}

/** The report as Markdown: every text from the tree escaped, so it renders as written on any forge. */
export function renderReport(input: ReportInput): string {
  const { result, sessions, claims, work, window, messages, now } = input;
  const since = Date.parse(window.since);
  const lines: string[] = [];
  const s = result.sessions;
  const w = result.work;
  const doneInWindow = work.filter((v) => v.item.status === 'done' && Date.parse(v.item.updatedAt) >= since);
  const services = result.services;
  const serviceCounts = countBy(services.results.map((r) => r.state));
  const insights = result.findings.filter((f) => f.category === 'insight' && f.kind !== 'problem');

  lines.push(`# Health report — ${utc(now)}`, '');
  lines.push(
    `Round ${result.round} of the health check. This period: ${utc(since)} – ${utc(now)} (${window.rounds} round${window.rounds === 1 ? '' : 's'}, ${formatDuration(now - since)}).`,
    '',
  );
  lines.push('## Summary', '');
  lines.push(`- **Sessions:** ${s.active} active, ${s.stale} stale, ${s.gone} gone, ${s.ended} ended`);
  lines.push(`- **Claims:** ${result.claims.total} held; ${window.events['claim-freed'] ?? 0} freed this period`);
  lines.push(
    `- **Work:** ${w.ready} ready, ${w.claimed} claimed, ${w.blocked} blocked, ${w.done} done (${doneInWindow.length} this period)`,
  );
  lines.push(
    `- **Milestones:** ${result.milestones.done}/${result.milestones.total} (${percent(result.milestones.done, result.milestones.total)}%)`,
  );
  lines.push(`- **Messages:** ${messages.since} this period, ${messages.total} in all`);
  lines.push(
    `- **Services:** ${
      services.checked
        ? services.results.length
          ? Object.entries(serviceCounts)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')
          : 'none configured'
        : `not checked (${services.reason ?? 'untrusted'})`
    }`,
  );
  lines.push(
    `- **Insights:** ${
      insights.length
        ? Object.entries(countBy(insights.map((f) => f.kind)))
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')
        : 'none'
    }`,
  );
  lines.push('');

  lines.push('## Sessions and utilisation', '');
  const shown = sessions.filter((v) => isAlive(v.state) || window.seen[v.session.id] !== undefined);
  if (shown.length === 0) lines.push('No sessions this period.');
  else {
    const held = new Map<string, string[]>();
    for (const c of claims)
      if (!c.free) held.set(c.claim.holder, [...(held.get(c.claim.holder) ?? []), `${c.claim.type}/${c.claim.name}`]);
    const rows = shown
      .sort((a, b) => a.session.id.localeCompare(b.session.id))
      .map((v) => {
        const seen = window.seen[v.session.id] ?? 0;
        const busy = window.busy[v.session.id] ?? 0;
        const beat = v.session.heartbeat;
        const doing = [beat?.action, beat?.target].filter((x) => x).join(' ');
        return `| ${mdCode(v.session.id)} | ${mdText(v.session.role ?? '')} | ${v.state} | ${seen ? `${percent(busy, seen)}% (${busy}/${seen} rounds)` : '—'} | ${mdText(doing)} | ${(held.get(v.session.id) ?? []).map(mdCode).join(', ')} |`;
      });
    table(lines, '| Session | Role | State | Busy this period | Doing | Claims |', rows);
  }
  lines.push('');

  lines.push('## Claims', '');
  if (claims.length === 0) lines.push('No claims are held.');
  else {
    const rows = [...claims]
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))
      .map(
        (c) =>
          `| ${mdCode(`${c.claim.type}/${c.claim.name}`)} | ${mdCode(c.claim.holder)} | ${utc(Date.parse(c.expiresAt))} | ${mdText(c.claim.reason ?? '')} |`,
      );
    table(lines, '| Claim | Holder | Lease ends | Reason |', rows);
  }
  lines.push('');

  lines.push('## Work done this period', '');
  if (doneInWindow.length === 0) lines.push('Nothing was marked done this period.');
  else {
    const rows = doneInWindow
      .sort((a, b) => b.item.updatedAt.localeCompare(a.item.updatedAt))
      .map(
        (v) =>
          `| ${mdText(v.item.title)} (${mdCode(v.item.id)}) | ${v.item.priority} | ${v.item.doneBy ? mdCode(v.item.doneBy) : ''} | ${utc(Date.parse(v.item.updatedAt))} |`,
      );
    table(lines, '| Item | Priority | Done by | When |', rows);
  }
  lines.push('');

  lines.push('## Milestones', '');
  if (result.milestones.milestones.length === 0) lines.push('No milestones (add checklists to `milestones/*.md`).');
  else {
    table(
      lines,
      '| Milestone | Progress | |',
      result.milestones.milestones.map(
        (m) =>
          `| ${mdText(m.title)} | ${m.done}/${m.total} (${percent(m.done, m.total)}%) | ${progressBar(m.done, m.total)} |`,
      ),
    );
    lines.push(
      `| **Overall** | ${result.milestones.done}/${result.milestones.total} (${percent(result.milestones.done, result.milestones.total)}%) | ${progressBar(result.milestones.done, result.milestones.total)} |`,
    );
  }
  if (result.milestones.problems.length) lines.push('');
  for (const p of result.milestones.problems) lines.push(`- ⚠ ${mdText(p.path)}: ${mdText(p.reason)}`);
  lines.push('');

  lines.push('## Messages', '');
  lines.push(`${messages.since} message${messages.since === 1 ? '' : 's'} this period, ${messages.total} in all.`, '');

  lines.push('## Services', '');
  if (!services.checked) lines.push(`Not checked: ${mdText(services.reason ?? 'untrusted workspace')}.`);
  else if (services.results.length === 0) lines.push('No services configured (`services.json`).');
  else {
    const rows = services.results.map((r) => {
      const history = (services.history[r.name] ?? []).map((h) => serviceMarks[h.state]).join('');
      return `| ${mdText(r.name)} | ${serviceMarks[r.state]} ${r.state} | ${r.responseMs} ms | ${mdText(r.detail ?? '')} | ${history} |`;
    });
    table(lines, '| Service | State | Response | Detail | Recent checks, oldest first |', rows);
    lines.push('', '● online · ◐ degraded · ○ offline · ⧗ timeout · ✕ error');
  }
  lines.push('');

  lines.push('## Insights', '');
  if (insights.length === 0) lines.push('Nothing to point out.');
  for (const f of insights) lines.push(`- ${f.severity === 'info' ? '' : '⚠ '}${mdText(f.text)}`);
  const events = Object.entries(window.events);
  if (events.length) lines.push('', `Events this period: ${events.map(([k, n]) => `${n} ${k}`).join(', ')}.`);
  lines.push(
    '',
    '---',
    '_Written by the health-check loop of Session Coordination (`coord report` writes one on demand)._',
    '',
  );
  return lines.join('\n');
}

/** Writes `reports/<yyyy-mm-dd-hhmmss>.md` (never over another report) and keeps the newest `keepReports`. */
export function writeReport(layout: TreeLayout, input: ReportInput): string {
  const content = renderReport(input);
  const stamp = isoTime(input.now).slice(0, 19).replace('T', '-').replace(/:/g, '');
  for (let n = 1; n < 1000; n++) {
    const path = join(layout.reportsDir, `${stamp}${n === 1 ? '' : `-${n}`}.md`);
    if (createExclusive(path, content)) {
      pruneReports(layout);
      return path;
    }
  }
  throw new Error(`could not find a free report name for ${stamp} in ${layout.reportsDir}`);
}

function pruneReports(layout: TreeLayout): void {
  let names: string[];
  try {
    names = readdirSync(layout.reportsDir)
      .filter((n) => reportName.test(n))
      .sort();
  } catch {
    return;
  }
  for (const name of names.slice(0, Math.max(0, names.length - keepReports))) safeUnlink(join(layout.reportsDir, name));
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** A table of at most `maxRows` rows; a line after it says how many more there were. */
function table(lines: string[], header: string, rows: string[]): void {
  const columns = header.split('|').length - 2;
  lines.push(header, `|${'---|'.repeat(columns)}`, ...rows.slice(0, maxRows));
  if (rows.length > maxRows) lines.push('', `…and ${rows.length - maxRows} more.`);
}
