import { isoTime } from '../store/clock';
import type { Finding } from './healthFindings';
import type { HealthStateFile } from './healthState';

export interface BroadcastOptions {
  /** At most one broadcast per this many milliseconds; what comes in between waits for the next one. */
  minIntervalMs: number;
  /** At most this many findings in one message; the rest wait. */
  maxPerMessage: number;
  /** Events waiting for a broadcast beyond this many are dropped, oldest first. */
  maxPending: number;
  /** How long an announced event is remembered (a standing insight is remembered while it lasts). */
  rememberMs: number;
}

export const defaultBroadcastOptions: BroadcastOptions = {
  minIntervalMs: 5 * 60_000,
  maxPerMessage: 20,
  maxPending: 50,
  rememberMs: 24 * 3600_000,
};

export interface BroadcastPlan {
  /** What to say now: empty when there is nothing new or the throttle holds it back. */
  say: Finding[];
  said: HealthStateFile['said'];
  pending: Finding[];
  /** When the throttle holds findings back: the earliest time of the next broadcast. */
  throttledUntil?: number;
}

/**
 * Which findings to broadcast, so that each is said once: a finding already said is not said again while it is
 * remembered — an event for a day, a standing insight for as long as it is found (once it clears, its return is
 * news again). Broadcasts are throttled; events held back wait for the next one, insights are simply found again.
 */
export function planBroadcast(
  findings: readonly Finding[],
  memory: Pick<HealthStateFile, 'said' | 'pending' | 'lastBroadcastAt'>,
  nowMs: number,
  options: BroadcastOptions = defaultBroadcastOptions,
): BroadcastPlan {
  const present = new Set(findings.map((f) => f.key));
  const said: HealthStateFile['said'] = {};
  for (const [key, entry] of Object.entries(memory.said)) {
    const keep = entry.standing ? present.has(key) : nowMs - Date.parse(entry.at) < options.rememberMs;
    if (keep) said[key] = entry;
  }
  const candidates: Finding[] = [];
  const seen = new Set<string>();
  for (const f of [...(memory.pending as Finding[]), ...findings]) {
    if (!f.announce || said[f.key] || seen.has(f.key)) continue;
    seen.add(f.key);
    candidates.push(f);
  }
  const last = memory.lastBroadcastAt ? Date.parse(memory.lastBroadcastAt) : Number.NaN;
  const throttled = Number.isFinite(last) && nowMs - last < options.minIntervalMs;
  if (candidates.length === 0 || throttled) {
    const pending = candidates.filter((f) => f.category === 'event').slice(-options.maxPending);
    return {
      say: [],
      said,
      pending,
      ...(throttled && candidates.length ? { throttledUntil: last + options.minIntervalMs } : {}),
    };
  }
  const say = candidates.slice(0, options.maxPerMessage);
  const at = isoTime(nowMs);
  for (const f of say) said[f.key] = { at, standing: f.category === 'insight' };
  const pending = candidates
    .slice(options.maxPerMessage)
    .filter((f) => f.category === 'event')
    .slice(-options.maxPending);
  return { say, said, pending };
}

/** One broadcast for a batch of findings: the finding itself as subject when it is alone, else a count. */
export function broadcastText(say: readonly Finding[]): { subject: string; body: string } {
  const first = say[0];
  const subject = say.length === 1 && first ? `Health: ${first.text}` : `Health: ${say.length} findings`;
  const body = [
    ...say.map((f) => `- ${f.text}`),
    '',
    'From the health-check loop (`coord health` shows the current findings).',
  ].join('\n');
  return { subject: oneLine(subject, 200), body: body.slice(0, 60_000) };
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
