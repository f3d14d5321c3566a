import type { Diagnostic } from '../files/diagnostics';
import type { TreeEntries } from './gitRepository';
import { mergeFile } from './syncMergeRules';
import { treePathKind } from './syncPaths';

export interface TreeMergeInput {
  base: TreeEntries;
  ours: TreeEntries;
  theirs: TreeEntries;
  /** Local files that are not valid records, or changed while read: they count as unchanged since the base. */
  oursHeld: Set<string>;
}

/** Ours as the merge sees it: a held-back local file stands for its base version. */
function effectiveOurs(input: TreeMergeInput, path: string): string | undefined {
  return input.oursHeld.has(path) ? input.base.get(path) : input.ours.get(path);
}

/** Claims are left to the authority's refs; the prefix test keeps classifying cheap for 10,000 other paths. */
function isClaimPath(path: string): boolean {
  return path.startsWith('claims/') && treePathKind(path).kind === 'claim';
}

function nonClaimPaths(input: TreeMergeInput): string[] {
  const paths = new Set([...input.base.keys(), ...input.ours.keys(), ...input.theirs.keys()]);
  return [...paths].filter((path) => !isClaimPath(path));
}

/** The blobs whose contents the record rules need: records that differ between the two sides. */
export function blobsToCompare(input: TreeMergeInput): string[] {
  const oids: string[] = [];
  for (const path of nonClaimPaths(input)) {
    const ours = effectiveOurs(input, path);
    const theirs = input.theirs.get(path);
    // Only this side changed: ours wins untouched (a bad local record is already held back), nothing to read.
    if (ours === theirs || theirs === input.base.get(path)) continue;
    if (treePathKind(path).kind === 'other') continue;
    if (ours) oids.push(ours);
    if (theirs) oids.push(theirs);
  }
  return oids;
}

/** Merges every file except claims (the authority's refs decide those), path by path. */
export function mergeTrees(input: TreeMergeInput, text: (oid: string) => string | undefined): { result: TreeEntries; notes: Diagnostic[] } {
  const result: TreeEntries = new Map();
  const notes: Diagnostic[] = [];
  for (const path of nonClaimPaths(input)) {
    const ours = effectiveOurs(input, path);
    const theirs = input.theirs.get(path);
    if (ours === theirs) {
      if (ours !== undefined) result.set(path, ours);
      continue;
    }
    const kind = treePathKind(path).kind;
    const sides = { path, base: input.base.get(path), ours, theirs, text };
    const verdict = mergeFile(kind === 'claim' ? 'other' : kind, sides);
    if (verdict.oid !== undefined) result.set(path, verdict.oid);
    if (verdict.note) notes.push({ path, reason: verdict.note });
  }
  return { result, notes };
}
