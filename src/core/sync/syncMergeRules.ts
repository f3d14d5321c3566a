import type { Session } from '../records/session';
import type { WorkItem } from '../records/workItem';
import { parseTreeFile } from './syncRecords';

/** Blob contents by id; undefined for a blob that was not loaded or could not be read. */
export type BlobText = (oid: string) => string | undefined;

export type RecordKind = 'message' | 'session' | 'work';

/** The outcome for one path: the file that stays (or none) and the deletion record kept for it (or none). */
export interface PathVerdict {
  oid?: string;
  tombstone?: string;
  /** Said when the rule had to choose between two real changes, or ignored a bad version. */
  note?: string;
}

/** One computer's version of a file that changed there since this tree last merged that computer. */
export interface Candidate {
  to: string;
  /** The version that computer had when this tree last merged it (undefined: new there, or never merged). */
  from?: string;
}

/**
 * Records (sessions, work items, messages): every version any computer holds, and every deleted version, meet in
 * one order — the record's own — and the newest stands. A deleted version that is the newest means the record is
 * gone; an older copy still held by a computer that has not heard of the deletion loses to it, so it is never
 * brought back. The order is total (ties broken by blob id), so every computer reaches the same answer in any order.
 */
export function decideRecord(
  kind: RecordKind,
  path: string,
  ours: string | undefined,
  incoming: string[],
  tombstones: string[],
  text: BlobText,
): PathVerdict {
  const valid = (oid: string) => isValid(path, oid, text);
  const versions = unique([...(ours ? [ours] : []), ...incoming]);
  const live = versions.filter((oid) => oid === ours || valid(oid));
  const dead = unique(tombstones).filter(valid);
  const note =
    live.length < versions.length ? 'a version from another computer is not a valid record; it was ignored' : undefined;
  if (kind === 'message') {
    // A message is written once: the copy here is never replaced; a deletion removes exactly the version it names.
    const kept = ours ?? minimum(live);
    const tombstone = minimum(dead);
    if (kept !== undefined && dead.includes(kept)) return { tombstone: kept, ...(note ? { note } : {}) };
    return { ...(kept ? { oid: kept } : {}), ...(tombstone ? { tombstone } : {}), ...(note ? { note } : {}) };
  }
  const order = (a: string, b: string) => compareRecords(kind, path, a, b, text);
  const newestLive = newest(live, order);
  const newestDead = newest(dead, order);
  if (newestDead !== undefined && (newestLive === undefined || order(newestDead, newestLive) >= 0)) {
    return { tombstone: newestDead, ...(note ? { note } : {}) };
  }
  return {
    ...(newestLive ? { oid: newestLive } : {}),
    ...(newestDead ? { tombstone: newestDead } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * Any other file (protocol.json, milestones, reports, STATUS.md): taken from a computer that changed it while it
 * was unchanged here; changed on both, the greater blob id stands, so every computer picks the same one. A
 * deletion removes exactly the version it names.
 */
export function decideOther(ours: string | undefined, incoming: Candidate[], tombstones: string[]): PathVerdict {
  let current = ours;
  let note: string | undefined;
  const sorted = [...incoming].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  for (const candidate of sorted) {
    if (candidate.to === current) continue;
    if (current === undefined || current === candidate.from) current = candidate.to;
    else {
      current = current > candidate.to ? current : candidate.to;
      note = 'changed on two computers since they last synced; both now keep the same one of the two';
    }
  }
  const tombstone = maximum(unique(tombstones));
  if (current !== undefined && tombstones.includes(current)) return { tombstone: current };
  return { ...(current ? { oid: current } : {}), ...(tombstone ? { tombstone } : {}), ...(note ? { note } : {}) };
}

/** A blob whose text was not loaded counts as valid: only versions that had to be compared are loaded. */
function isValid(path: string, oid: string, text: BlobText): boolean {
  const body = text(oid);
  return body === undefined || typeof parseTreeFile(path, body) !== 'string';
}

/** Negative when `a` is older than `b` in the record's own order. */
function compareRecords(kind: 'session' | 'work', path: string, a: string, b: string, text: BlobText): number {
  if (a === b) return 0;
  const ka = recordKey(kind, path, a, text);
  const kb = recordKey(kind, path, b, text);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i] as string | number;
    const y = kb[i] as string | number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

/**
 * A session is written only by its owner, so its later write (heartbeat or end, then more beats, then ended) is
 * its owner's latest word; a work item keeps the later update, done winning a tie. Unreadable versions sort first.
 */
function recordKey(kind: 'session' | 'work', path: string, oid: string, text: BlobText): (string | number)[] {
  const body = text(oid);
  const parsed = body === undefined ? undefined : parseTreeFile(path, body);
  if (!parsed || typeof parsed === 'string' || parsed.kind === 'other') return [''];
  if (kind === 'session') {
    const s = parsed.value as Session;
    const at = s.endedAt && s.endedAt > s.heartbeatAt ? s.endedAt : s.heartbeatAt;
    return [at, s.beats, s.endedAt !== undefined ? 1 : 0];
  }
  const w = parsed.value as WorkItem;
  return [w.updatedAt, w.status === 'done' ? 1 : 0];
}

function newest(oids: string[], order: (a: string, b: string) => number): string | undefined {
  let best: string | undefined;
  for (const oid of oids) if (best === undefined || order(oid, best) > 0) best = oid;
  return best;
}

function unique(oids: string[]): string[] {
  return [...new Set(oids)];
}

function minimum(oids: string[]): string | undefined {
  return oids.length ? oids.reduce((a, b) => (b < a ? b : a)) : undefined;
}

function maximum(oids: string[]): string | undefined {
  return oids.length ? oids.reduce((a, b) => (b > a ? b : a)) : undefined;
}
