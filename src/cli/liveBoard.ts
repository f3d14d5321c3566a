import { claimTitle } from '../core/claims/claimView';
import type { ActivityEvent } from '../core/views/activity';
import type { LiveStatusFrame } from '../core/views/liveStatus';
import type { StatusSnapshot } from '../core/views/status';
import { clean, stateMarks } from './format';
import { fitLine, type Segment, type Style } from './terminalText';

export interface BoardSize {
  /** Columns; Infinity when the output is not a terminal (nothing to fit). */
  width: number;
  /** Rows; Infinity when the output is not a terminal. */
  height: number;
}

type Row = Segment[];
type BoardSession = StatusSnapshot['sessions'][number];

const stateStyles: Record<string, Style> = { active: 'green', stale: 'yellow', gone: 'dim', ended: 'dim' };

/**
 * The live board `coord status --watch` draws: sessions, claims, work, unread and recent activity, in as many
 * lines as the terminal has and each no wider than it. It shows clock times (last beat, lease end), never ages:
 * an age would be wrong a second after the frame, and the board redraws on changes, not on a timer. A `warning`
 * (the file watcher failed) is shown above the last line, as a line of the board.
 */
export function renderBoard(frame: LiveStatusFrame, size: BoardSize, color: boolean, warning = ''): string[] {
  const { status } = frame;
  const c = status.sessionCounts;
  const w = status.work;
  // The most recent beat first: what just changed is at the top, where a full board still shows it. Times are
  // parsed once, not in every comparison: a frame at 1,000 sessions must cost little.
  const live = status.sessions
    .filter((s) => s.state === 'active' || s.state === 'stale')
    .map((s) => ({ s, beat: Date.parse(s.session.heartbeatAt) }))
    .sort((a, b) => b.beat - a.beat)
    .map((x) => x.s);
  // Renewals come with every heartbeat; on a board of a few lines they would hide everything else.
  const activity = frame.activity.filter((e) => e.kind !== 'renewed');
  const names = new Map(status.sessions.map((s) => [s.session.id, s.session.name]));

  const head: Row[] = [
    [
      { text: 'Coordination', style: 'bold' },
      { text: `  ${clean(status.dir)}  ` },
      { text: clock(Date.parse(status.now)), style: 'dim' },
    ],
  ];
  if (status.self) {
    const unread = status.self.inbox.unread;
    head.push([
      { text: `You: ${status.self.id} — ` },
      { text: `${unread} unread message(s)`, style: unread ? 'cyan' : 'plain' },
    ]);
  }
  const sessionsTitle: Row = [
    { text: 'Sessions', style: 'bold' },
    { text: `  ${c.active} active, ${c.stale} stale, ${c.gone} gone, ${c.ended} ended` },
  ];
  const claimsTitle: Row = [{ text: 'Claims', style: 'bold' }, { text: `  ${status.claims.length}` }];
  const workRow: Row = [
    { text: 'Work', style: 'bold' },
    { text: `  ${w.ready} ready, ${w.claimed} claimed, ${w.blocked} blocked, ${w.done} done` },
  ];
  const activityTitle: Row = [{ text: 'Recent activity', style: 'bold' }];
  const foot: Row[] = [];
  if (status.diagnostics.length) {
    foot.push([{ text: `${status.diagnostics.length} bad file(s) skipped — run \`coord doctor\``, style: 'red' }]);
  }
  // The watcher's own error names paths of the tree, which anyone can name: cleaned, and on one line like the rest.
  if (warning) foot.push([{ text: clean(warning).replace(/[\n\t]+/g, ' '), style: 'red' }]);
  foot.push([{ text: 'Ctrl+C to stop', style: 'dim' }]);

  const fixed = head.length + 4 + foot.length;
  const [sessionRows = 0, claimRows = 0, activityRows = 0] = share(size.height - fixed, [
    live.length,
    status.claims.length,
    activity.length,
  ]);
  const rows: Row[] = [
    ...head,
    sessionsTitle,
    ...listed(live, sessionRows, (s) => sessionRow(s)),
    claimsTitle,
    ...listed(status.claims, claimRows, (v) => [
      { text: `  ${clean(claimTitle(v.claim))}` },
      { text: `  ${v.claim.holder}` },
      { text: v.expired ? '  expired' : `  until ${clock(Date.parse(v.expiresAt))}`, style: v.expired ? 'red' : 'dim' },
      ...(v.claim.reason ? [{ text: `  ${clean(v.claim.reason)}` }] : []),
    ]),
    workRow,
    activityTitle,
    ...listed(activity, activityRows, (e) => [
      { text: `  ${clock(e.at)}  `, style: 'dim' },
      { text: describe(e, names) },
    ]),
    ...foot,
  ];
  return rows.slice(0, Math.max(1, size.height)).map((row) => fitLine(row, size.width, color));
}

function sessionRow(s: BoardSession): Row {
  const beat = s.session.heartbeat;
  const progress = beat?.progress !== undefined ? `${beat.progress}%` : undefined;
  const doing = [beat?.action, beat?.target, beat?.phase, progress]
    .filter((x) => x !== undefined && x !== '')
    .join(' · ');
  return [
    { text: `  ${stateMarks[s.state] ?? '?'} `, style: stateStyles[s.state] },
    { text: s.session.id },
    ...(s.session.name !== s.session.id ? [{ text: `  ${clean(s.session.name)}` }] : []),
    { text: `  ${s.session.kind}${s.session.role ? `, ${clean(s.session.role)}` : ''}`, style: 'dim' },
    { text: `  beat ${clock(Date.parse(s.session.heartbeatAt))}`, style: 'dim' },
    ...(doing ? [{ text: `  ${clean(doing)}` }] : []),
    ...(s.claims.length ? [{ text: `  claims: ${s.claims.join(', ')}`, style: 'cyan' as Style }] : []),
  ];
}

/** At most `rows` lines of a list; when it is cut, its last line says how many are not shown. */
function listed<T>(items: readonly T[], rows: number, row: (item: T) => Row): Row[] {
  if (items.length <= rows) return items.map(row);
  if (rows <= 0) return [];
  return [...items.slice(0, rows - 1).map(row), [{ text: `  …and ${items.length - rows + 1} more`, style: 'dim' }]];
}

/**
 * Splits `room` lines among lists wanting `wants` lines: each gets an equal share, and what one does not use goes
 * to the others, so a short claims list leaves its room to the sessions.
 */
export function share(room: number, wants: readonly number[]): number[] {
  if (!Number.isFinite(room)) return [...wants];
  const got = wants.map(() => 0);
  let left = Math.max(0, room);
  for (;;) {
    const hungry = wants.flatMap((want, i) => ((got[i] ?? 0) < want ? [i] : []));
    if (left <= 0 || hungry.length === 0) return got;
    const each = Math.max(1, Math.floor(left / hungry.length));
    for (const i of hungry) {
      const take = Math.min(each, (wants[i] ?? 0) - (got[i] ?? 0), left);
      got[i] = (got[i] ?? 0) + take;
      left -= take;
      if (left <= 0) break;
    }
  }
}

/** Local wall-clock time, as a person beside the terminal reads it. */
function clock(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--';
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const days = Math.round((new Date(d).setHours(0, 0, 0, 0) - new Date().setHours(0, 0, 0, 0)) / 86_400_000);
  return days === 0 ? time : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}

function describe(e: ActivityEvent, names: ReadonlyMap<string, string>): string {
  const who = (id: string | undefined) => clean(id === undefined ? '?' : (names.get(id) ?? id));
  const claim = clean(e.claim ?? '');
  switch (e.kind) {
    case 'joined':
      return `${who(e.session)} joined`;
    case 'stale':
      return `${who(e.session)} went stale (no heartbeat)`;
    case 'gone':
      return `${who(e.session)} is gone; its claims can be taken over`;
    case 'left':
      return `${who(e.session)} left`;
    case 'claimed':
      return `${who(e.session)} claimed ${claim}`;
    case 'renewed':
      return `${who(e.session)} renewed ${claim}`;
    case 'released':
      return `${claim} released (held by ${who(e.session)})`;
    case 'expired':
      return `${claim} of ${who(e.session)} expired`;
    case 'takenOver':
      return `${who(e.session)} took over ${claim}${e.previousHolder ? ` from ${who(e.previousHolder)}` : ''}`;
    case 'messageSent':
      return `${who(e.session)} → ${e.to === 'broadcast' ? 'everyone' : who(e.to)}: ${clean(e.subject ?? '')}`;
  }
}
