import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import { errnoCode } from '../store/errors';
import type { Finding } from './healthFindings';
import type { TreeLayout } from '../store/layout';
import { livenessStates } from '../sessions/liveness';
import { maxRecordBytes } from '../records/recordReader';
import { serviceStates } from './serviceChecks';

/** How many checks of each service are kept (a short history for the views and reports). */
export const serviceHistoryLength = 20;

const count = z.int().check(z.minimum(0));
const findingSchema = z.object({
  kind: z.string(),
  category: z.enum(['event', 'insight']),
  key: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  text: z.string(),
  sessions: z.array(z.string()),
  announce: z.boolean(),
});

/**
 * `.local/health/state.json` — what the health loop remembers between rounds on this computer: the states it saw
 * (transitions are changes against them), the service history, what it has already announced, and the counters
 * of the current report window. Never synced: each checkout's loop judges by what it saw itself.
 */
const healthStateSchema = z.object({
  version: z.literal(1),
  round: count,
  at: z.optional(z.string()),
  sessions: z.record(z.string(), z.enum(livenessStates)),
  services: z.record(z.string(), z.enum(serviceStates)),
  milestones: z.record(z.string(), z.object({ done: count, total: count })),
  serviceHistory: z.record(z.string(), z.array(z.object({ at: z.string(), state: z.enum(serviceStates), ms: count }))),
  /** Finding key → when it was announced, and whether it is a standing insight (forgotten once it clears). */
  said: z.record(z.string(), z.object({ at: z.string(), standing: z.boolean() })),
  /** Events held back by the broadcast throttle, said with the next broadcast. */
  pending: z.array(findingSchema),
  lastBroadcastAt: z.optional(z.string()),
  window: z.object({
    since: z.string(),
    rounds: count,
    /** Per session: rounds it was seen alive, and of those, rounds it was busy (a claim or an action). */
    seen: z.record(z.string(), count),
    busy: z.record(z.string(), count),
    events: z.record(z.string(), count),
  }),
  lastReport: z.optional(z.object({ at: z.string(), path: z.string() })),
});
export type HealthStateFile = z.infer<typeof healthStateSchema>;

export function healthDir(layout: TreeLayout): string {
  return join(layout.localDir, 'health');
}

export function healthStatePath(layout: TreeLayout): string {
  return join(healthDir(layout), 'state.json');
}

/** The last round's result, for windows and processes that do not run the loop themselves. */
export function lastRoundPath(layout: TreeLayout): string {
  return join(healthDir(layout), 'last.json');
}

export function emptyHealthState(nowIso: string): HealthStateFile {
  return {
    version: 1,
    round: 0,
    sessions: {},
    services: {},
    milestones: {},
    serviceHistory: {},
    said: {},
    pending: [],
    window: { since: nowIso, rounds: 0, seen: {}, busy: {}, events: {} },
  };
}

export interface LoadedHealthState {
  state: HealthStateFile;
  /** True on the very first round (nothing remembered), when transitions are only a baseline. */
  fresh: boolean;
  /** Why a state file that was there could not be used (it is replaced by a fresh one). */
  problem?: string;
}

/** Reads the remembered state; a missing, broken or foreign file starts afresh and says why — never a crash. */
export function loadHealthState(layout: TreeLayout, nowIso: string): LoadedHealthState {
  const path = healthStatePath(layout);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { state: emptyHealthState(nowIso), fresh: true };
    return {
      state: emptyHealthState(nowIso),
      fresh: true,
      problem: `${path} cannot be read (${errnoCode(error) ?? String(error)}); starting afresh`,
    };
  }
  if (raw.length > 16 * maxRecordBytes)
    return { state: emptyHealthState(nowIso), fresh: true, problem: `${path} is too large; starting afresh` };
  try {
    const parsed = healthStateSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { state: parsed.data, fresh: false };
  } catch {
    // Falls through to the problem below.
  }
  return {
    state: emptyHealthState(nowIso),
    fresh: true,
    problem: `${path} is not a health state this build reads; starting afresh`,
  };
}

export function saveHealthState(layout: TreeLayout, state: HealthStateFile): void {
  writeFileAtomic(healthStatePath(layout), toJson(state));
}

export function toStoredFinding(f: Finding): HealthStateFile['pending'][number] {
  return {
    kind: f.kind,
    category: f.category,
    key: f.key,
    severity: f.severity,
    text: f.text,
    sessions: f.sessions,
    announce: f.announce,
  };
}
