import type { Session } from '../schemas/session';
import type { WorkItem } from '../schemas/workItem';
import { parseTreeFile } from './syncRecords';

/** One side of a file in a three-way merge: its blob, or undefined when the file is absent on that side. */
export interface MergeSides {
  path: string;
  base?: string;
  ours?: string;
  theirs?: string;
  /** Blob contents, for the rules that compare records. */
  text(oid: string): string | undefined;
}

export interface MergeVerdict {
  oid?: string;
  /** Said when the rule had to choose between two real changes, or ignored a bad file. */
  note?: string;
}

/**
 * Per-file merge rules. Messages are a union (a message is written once and never deleted); a session file
 * keeps its owner's newest write; a work item keeps the newer update (done wins a tie); any other file takes
 * the side that changed since the base, the remote's when both did. A file that is not a valid record never
 * wins over a valid one. Deleting a file wins only over a side that left it unchanged.
 */
export function mergeFile(kind: 'message' | 'session' | 'work' | 'other', sides: MergeSides): MergeVerdict {
  const { base, ours, theirs } = sides;
  if (ours === theirs) return { oid: ours };
  const oursValid = ours === undefined || kind === 'other' || isValid(sides, ours);
  const theirsValid = theirs === undefined || kind === 'other' || isValid(sides, theirs);
  if (!theirsValid && ours !== undefined && oursValid) return { oid: ours, note: 'the remote version is not a valid record; kept the good local one' };
  if (!oursValid && theirs !== undefined && theirsValid) return { oid: theirs };

  if (kind === 'message') return { oid: theirs ?? ours };
  if (ours === undefined || theirs === undefined) {
    // One side deleted it. The deletion stands only if the other side did not change the file since the base.
    const present = ours ?? theirs;
    if (base === undefined) return { oid: present };
    return present === base ? {} : { oid: present };
  }
  if (kind === 'session') return { oid: newerSession(sides, ours, theirs) };
  if (kind === 'work') return { oid: newerWork(sides, ours, theirs) };
  if (ours === base) return { oid: theirs };
  if (theirs === base) return { oid: ours };
  return { oid: theirs, note: 'changed on both sides since the last sync; kept the remote version' };
}

/** A blob whose text was not loaded is taken as valid: only records that differ are loaded and checked. */
function isValid(sides: MergeSides, oid: string): boolean {
  const text = sides.text(oid);
  return text === undefined || typeof parseTreeFile(sides.path, text) !== 'string';
}

function record<T>(sides: MergeSides, oid: string): T | undefined {
  const text = sides.text(oid);
  if (text === undefined) return undefined;
  const parsed = parseTreeFile(sides.path, text);
  return typeof parsed === 'string' || parsed.kind === 'other' ? undefined : (parsed.value as T);
}

/** Only the owner writes its session file, so the later write is the owner's latest word. */
function newerSession(sides: MergeSides, ours: string, theirs: string): string {
  const a = record<Session>(sides, ours);
  const b = record<Session>(sides, theirs);
  if (!a || !b) return b ? theirs : ours;
  const at = (s: Session) => (s.endedAt && s.endedAt > s.heartbeatAt ? s.endedAt : s.heartbeatAt);
  if (at(a) !== at(b)) return at(a) > at(b) ? ours : theirs;
  if (a.beats !== b.beats) return a.beats > b.beats ? ours : theirs;
  if (a.endedAt !== undefined && b.endedAt === undefined) return ours;
  return theirs;
}

function newerWork(sides: MergeSides, ours: string, theirs: string): string {
  const a = record<WorkItem>(sides, ours);
  const b = record<WorkItem>(sides, theirs);
  if (!a || !b) return b ? theirs : ours;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? ours : theirs;
  if (a.status === 'done' && b.status !== 'done') return ours;
  return theirs;
}
