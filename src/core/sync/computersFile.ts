import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import type { TreeLayout } from '../store/layout';
import type { SyncOutcome } from './syncResult';

/**
 * One computer's copy of the tree as this computer knows it: a writer publishes only its own ref, so "when its news
 * last arrived" is when this computer last saw that ref move — by this computer's clock, never the other's.
 */
export interface WriterSeen {
  /** The writer id in its ref name (`<host>.<random>`: two clones on one host are two writers). */
  writer: string;
  /** The host name the writer's commits are authored by. */
  host: string;
  /** The writer's ref tip as last fetched. */
  tip: string;
  /** This computer's clock when that tip was first seen (ISO-8601 UTC). */
  newsAt: string;
}

/** What the last round learnt about every computer that syncs this tree, in `.local/sync/computers.json`. */
export interface ComputersFile {
  version: 1;
  remote: string;
  self: { writer: string; host: string };
  /** Every writer on the remote, this one included (its `newsAt` is its last publish). */
  writers: WriterSeen[];
}

/** How this computer's last finished round went, in `.local/sync/last-round.json`. */
export interface LastRound {
  outcome: SyncOutcome;
  finishedAt: string;
  reason?: string;
  ahead: number;
  behind: number | null;
  durationMs: number;
  problems: number;
}

export function computersFile(layout: TreeLayout): string {
  return join(layout.localDir, 'sync', 'computers.json');
}

export function lastRoundFile(layout: TreeLayout): string {
  return join(layout.localDir, 'sync', 'last-round.json');
}

/** Undefined when no round with a remote has finished here yet, or the file is not ours. */
export function readComputers(layout: TreeLayout): ComputersFile | undefined {
  const parsed = readJson(computersFile(layout));
  if (!parsed || typeof parsed !== 'object' || (parsed as ComputersFile).version !== 1) return undefined;
  const file = parsed as ComputersFile;
  return Array.isArray(file.writers) && file.self ? file : undefined;
}

export function writeComputers(layout: TreeLayout, file: ComputersFile): void {
  writeFileAtomic(computersFile(layout), toJson(file));
}

export function readLastRound(layout: TreeLayout): LastRound | undefined {
  const parsed = readJson(lastRoundFile(layout));
  return parsed && typeof parsed === 'object' && typeof (parsed as LastRound).outcome === 'string'
    ? (parsed as LastRound)
    : undefined;
}

export function writeLastRound(layout: TreeLayout, round: LastRound): void {
  writeFileAtomic(lastRoundFile(layout), toJson(round));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
