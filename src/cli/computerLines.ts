import { formatDuration } from '../core/store/durationText';
import type { ComputerView } from '../core/views/computers';
import { clean } from './format';

/** Names shown per computer; the rest are counted, so a computer with 200 agents stays one line. */
const shownNames = 6;

/** One line per computer, then (this computer only) one line of its sync. Host and names come from files: cleaned. */
export function computerLines(computers: readonly ComputerView[], nowMs: number): string[] {
  return computers.flatMap((c) => {
    const live = c.sessions.filter((s) => s.state === 'active' || s.state === 'stale');
    const names = live.slice(0, shownNames).map((s) => `${clean(s.name)}${s.working ? '*' : ''}`);
    if (live.length > shownNames) names.push(`+${live.length - shownNames} more`);
    const news = c.self
      ? undefined
      : c.newsAgeMs === undefined
        ? 'no news seen from it'
        : `news ${formatDuration(c.newsAgeMs)} ago`;
    const parts = [
      `${clean(c.host)}${c.self ? ' (this computer)' : ''}`,
      c.state,
      ...(news ? [news] : []),
      `${c.live} live, ${c.working} working${names.length ? `: ${names.join(', ')}` : ''}`,
      ...(c.writers > 1 ? [`${c.writers} copies of the tree`] : []),
    ];
    return [`  ${parts.join(' · ')}`, ...(c.sync ? [`    ${syncLine(c, nowMs)}`] : [])];
  });
}

function syncLine(c: ComputerView, nowMs: number): string {
  const sync = c.sync;
  if (!sync) return '';
  const round = sync.lastRound;
  const last = round
    ? `last round ${round.outcome} ${formatDuration(nowMs - Date.parse(round.finishedAt))} ago, ` +
      `ahead ${round.ahead}, behind ${round.behind ?? 'unknown'}`
    : sync.neverSynced
      ? 'never synced'
      : 'no round recorded';
  const published = c.newsAgeMs !== undefined ? `, published ${formatDuration(c.newsAgeMs)} ago` : '';
  const error = sync.lastError ? ` — ${clean(sync.lastError)}` : '';
  return `${sync.syncing ? 'syncing now; ' : ''}${last}${published}${error}`;
}
