import { usageError } from './errors';

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "90", "45s", "30m", "2h", "1d" or combinations such as "1h30m" into whole seconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return checked(Number(trimmed), text, what);
  const parts = [...trimmed.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw usageError(`${what} ${JSON.stringify(text)} is not a duration`, 'write it like 90s, 30m, 2h or 1h30m');
  }
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * (unitSeconds[p[2] ?? 's'] ?? 1), 0);
  return checked(seconds, text, what);
}

function checked(seconds: number, text: string, what: string): number {
  if (seconds <= 0) throw usageError(`${what} ${JSON.stringify(text)} must be longer than zero`);
  if (seconds > 30 * 86400) throw usageError(`${what} ${JSON.stringify(text)} is longer than 30 days`);
  return seconds;
}
