import { formatDuration } from '../src/dashboard/protocol';

/** "12s ago"; "just now" under a second. */
export function ago(ms: number): string {
  return ms < 1000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/** Time left on a lease: "4m 10s" style under an hour, so the countdown visibly moves. */
export function timeLeft(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return formatDuration(ms);
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Clock time today, date and time before. */
export function when(ms: number, now: number): string {
  return ms >= startOfDay(now) ? clock.format(ms) : day.format(ms);
}

export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Names sort as people expect (case, accents and numbers); a Collator is many times faster than localeCompare. */
export const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }).compare;
