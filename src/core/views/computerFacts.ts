import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeLayout } from '../store/layout';
import { computersFile, lastRoundFile, readComputers, readLastRound, type LastRound } from '../sync/computersFile';

/** One computer's copy of the tree, as the last round saw it; only the fields that were well formed. */
export interface WriterFact {
  writer: string;
  host: string;
  /** When this computer first saw that writer's tip (this computer's clock), in ms since the epoch. */
  newsAtMs: number;
}

/**
 * What this computer knows about the others and about its own sync, read from `.local/` (never synced, so
 * every time in it is this computer's). Absent parts: no round with a remote has written them yet.
 */
export interface ComputerFacts {
  /** Undefined until a round with a remote has written `.local/sync/computers.json`. */
  writers?: WriterFact[];
  lastRound?: Pick<LastRound, 'outcome' | 'finishedAt' | 'ahead' | 'behind'> & { reason?: string };
  /** The `sync` lock's last refresh (ms), when the lock file is there. */
  syncLockRefreshedMs?: number;
}

/** The files the facts come from, so a cache knows which changed paths mean "read the facts again". */
export function computerFactPaths(layout: TreeLayout): string[] {
  return [computersFile(layout), lastRoundFile(layout), syncLockFile(layout)];
}

/** The lock every round holds while it runs (`sync`, taken in syncNow), not the loop's (`sync-loop`). */
export function syncLockFile(layout: TreeLayout): string {
  return join(layout.localDir, 'locks', 'sync.lock.json');
}

// Host names and reasons are shown as text; a file that grew them without bound must not grow the views.
const maxText = 255;
const maxReason = 2000;
const maxWriters = 1000;

/**
 * Reads the facts. The files are this computer's own, but another program (or a bad disk) may have left anything
 * in them: every field is checked and a bad entry is dropped, never trusted.
 */
export function readComputerFacts(layout: TreeLayout): ComputerFacts {
  const file = readComputers(layout);
  const round = readLastRound(layout);
  const lock = readLockRefresh(syncLockFile(layout));
  const writers = file ? wellFormedWriters(file.writers) : undefined;
  return {
    ...(writers ? { writers } : {}),
    ...(round ? wellFormedRound(round) : {}),
    ...(lock !== undefined ? { syncLockRefreshedMs: lock } : {}),
  };
}

function wellFormedWriters(list: unknown[]): WriterFact[] {
  const out: WriterFact[] = [];
  for (const w of list.slice(0, maxWriters)) {
    if (!w || typeof w !== 'object') continue;
    const { writer, host, newsAt } = w as Record<string, unknown>;
    const newsAtMs = typeof newsAt === 'string' ? Date.parse(newsAt) : NaN;
    if (!isText(writer) || !isText(host) || !Number.isFinite(newsAtMs)) continue;
    out.push({ writer, host, newsAtMs });
  }
  return out;
}

function wellFormedRound(round: LastRound): Pick<ComputerFacts, 'lastRound'> {
  const r = round as unknown as Record<string, unknown>;
  if (!isText(r.outcome) || typeof r.finishedAt !== 'string' || !Number.isFinite(Date.parse(r.finishedAt))) return {};
  const ahead = typeof r.ahead === 'number' && Number.isFinite(r.ahead) ? r.ahead : 0;
  const behind = typeof r.behind === 'number' && Number.isFinite(r.behind) ? r.behind : null;
  const reason = typeof r.reason === 'string' && r.reason ? r.reason.slice(0, maxReason) : undefined;
  const finishedAt = r.finishedAt;
  return { lastRound: { outcome: round.outcome, finishedAt, ahead, behind, ...(reason ? { reason } : {}) } };
}

function readLockRefresh(file: string): number | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { refreshedAt?: unknown };
    const ms = typeof parsed.refreshedAt === 'string' ? Date.parse(parsed.refreshedAt) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    // Missing (no round running) or unreadable (half a takeover): either way nobody is seen refreshing it.
    return undefined;
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxText;
}
