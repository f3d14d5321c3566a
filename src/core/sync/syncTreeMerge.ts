import type { Diagnostic } from '../store/diagnostics';
import type { TreeEntries } from './gitRepository';
import { decideOther, decideRecord, type BlobText, type Candidate, type PathVerdict } from './syncMergeRules';
import { tombstonePrefix, tombstoneTarget, treePathKind } from './syncPaths';

/** A file another computer changed since this tree last merged it: from one writer's ref, claims left out. */
export interface IncomingChange {
  /** The writer whose tree it came from. */
  source: string;
  path: string;
  from?: string;
  to?: string;
}

export interface TreeMergeInput {
  /** The local tree's files (claims included; they are left to the claim step). */
  ours: TreeEntries;
  /** This tree's last published tree: its files and its deletion records (`.deleted/…`). */
  published: TreeEntries;
  /** Local files that are not valid records, or changed while read: they stand for their published version. */
  held: Set<string>;
  incoming: IncomingChange[];
}

export interface TreeMergeResult {
  /** The files of the merged tree, claims left out. */
  files: TreeEntries;
  /** The deletion records the published tree carries, by the path they delete. */
  tombstones: TreeEntries;
  notes: Diagnostic[];
  /** Paths whose outcome took a version from another computer, with the writers it came from. */
  sources: Map<string, Set<string>>;
  /** Writers with a change this round could not take (a held file): merged again next round. */
  deferred: Set<string>;
}

interface PathInput {
  incoming: Candidate[];
  tombstones: string[];
  sources: Set<string>;
}

/**
 * Merges what every other computer changed into this tree. Nothing is deleted because a side lacks it — a
 * computer whose tree is empty, older or unrelated cannot remove anything — only by a deletion record, which a
 * tree writes when a file it published is gone from it. The rules are per file (syncMergeRules.ts) and do not
 * depend on the order writers are merged in, so every computer converges on the same tree.
 */
export function mergeTrees(input: TreeMergeInput, text: BlobText): TreeMergeResult {
  const notes: Diagnostic[] = [];
  const deferred = new Set<string>();
  const byPath = new Map<string, PathInput>();
  const at = (path: string) => {
    let entry = byPath.get(path);
    if (!entry) byPath.set(path, (entry = { incoming: [], tombstones: [], sources: new Set() }));
    return entry;
  };
  for (const [path, oid] of ownTombstones(input)) at(path).tombstones.push(oid);
  for (const change of input.incoming) {
    if (change.to === undefined) continue; // a computer lacking a file says nothing about it
    const target = tombstoneTarget(change.path);
    const path = target ?? change.path;
    if (isClaim(path) || (!target && change.path.startsWith(tombstonePrefix))) continue;
    if (input.held.has(path)) {
      deferred.add(change.source);
      continue;
    }
    const entry = at(path);
    if (target) entry.tombstones.push(change.to);
    else entry.incoming.push({ to: change.to, ...(change.from ? { from: change.from } : {}) });
    entry.sources.add(change.source);
  }

  const files: TreeEntries = new Map();
  for (const [path, oid] of input.ours) if (!isClaim(path) && !input.held.has(path)) files.set(path, oid);
  for (const path of input.held) {
    const published = input.published.get(path);
    if (published !== undefined && !isClaim(path)) files.set(path, published);
  }
  const tombstones: TreeEntries = new Map();
  const sources = new Map<string, Set<string>>();
  for (const [path, entry] of byPath) {
    const verdict = decide(path, files.get(path), entry, text);
    if (verdict.oid !== undefined) files.set(path, verdict.oid);
    else files.delete(path);
    if (verdict.tombstone !== undefined) tombstones.set(path, verdict.tombstone);
    if (verdict.note) notes.push({ path, reason: verdict.note });
    if (entry.sources.size > 0 && verdict.oid !== input.ours.get(path)) sources.set(path, entry.sources);
  }
  return { files, tombstones, notes, sources, deferred };
}

/** The blobs the record rules must read: every version of a record that more than one version competes for. */
export function blobsToCompare(input: TreeMergeInput): string[] {
  const versions = new Map<string, Set<string>>();
  const add = (path: string, oid: string) => {
    let set = versions.get(path);
    if (!set) versions.set(path, (set = new Set()));
    set.add(oid);
  };
  for (const [path, oid] of ownTombstones(input)) add(path, oid);
  for (const change of input.incoming) {
    if (change.to === undefined) continue;
    const path = tombstoneTarget(change.path) ?? change.path;
    if (treePathKind(path).kind === 'other' || isClaim(path) || input.held.has(path)) continue;
    add(path, change.to);
  }
  const oids: string[] = [];
  for (const [path, set] of versions) {
    const ours = input.held.has(path) ? undefined : input.ours.get(path);
    if (ours) set.add(ours);
    if (set.size > 1 && treePathKind(path).kind !== 'other') oids.push(...set);
  }
  return oids;
}

/** The deletion records this tree carries: those it published before, and one for each file it removed since. */
function ownTombstones(input: TreeMergeInput): TreeEntries {
  const out: TreeEntries = new Map();
  for (const [entry, oid] of input.published) {
    const target = tombstoneTarget(entry);
    if (target) out.set(target, oid);
  }
  for (const [path, oid] of input.published) {
    if (path.startsWith(tombstonePrefix) || isClaim(path) || input.ours.has(path) || input.held.has(path)) continue;
    out.set(path, oid);
  }
  return out;
}

function decide(path: string, ours: string | undefined, entry: PathInput, text: BlobText): PathVerdict {
  const kind = treePathKind(path).kind;
  if (kind === 'other') return decideOther(ours, entry.incoming, entry.tombstones);
  if (kind === 'claim') return ours ? { oid: ours } : {};
  return decideRecord(
    kind,
    path,
    ours,
    entry.incoming.map((c) => c.to),
    entry.tombstones,
    text,
  );
}

function isClaim(path: string): boolean {
  return path.startsWith('claims/') && treePathKind(path).kind === 'claim';
}
