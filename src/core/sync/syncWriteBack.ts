import { lstatSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createExclusive, writeFileAtomic } from '../store/atomicFile';
import type { Diagnostic } from '../store/diagnostics';
import type { TreeEntries } from './gitRepository';
import type { TreeLayout } from '../store/layout';
import { sameFile, type FileIdentity } from './syncSnapshot';
import { treePathKind } from './syncPaths';

export interface WriteBackInput {
  layout: TreeLayout;
  ours: TreeEntries;
  result: TreeEntries;
  /** Local files never overwritten (bad records, files that changed while read). */
  held: Set<string>;
  stats: Map<string, FileIdentity>;
  text(oid: string): string | undefined;
}

/**
 * Brings the working tree to the merged result, touching only files that differ. A file is replaced or removed
 * only while it is still the one the snapshot saw (same inode, size and time), and a new one is created
 * exclusively, so a write made by a session during the round is never lost: the next round merges it.
 * Claims are left to the claim reconciliation, which changes them by compare-and-swap.
 */
export function writeBack(input: WriteBackInput, diagnostics: Diagnostic[]): { written: number; skipped: string[] } {
  let written = 0;
  // New files that could not be placed (a linked folder, an unreadable blob, a failed write): not here after all.
  const skipped: string[] = [];
  const paths = new Set([...input.ours.keys(), ...input.result.keys()]);
  for (const path of paths) {
    const next = input.result.get(path);
    const current = input.ours.get(path);
    if (next === current || input.held.has(path) || treePathKind(path).kind === 'claim') continue;
    const abs = join(input.layout.dir, ...path.split('/'));
    const linked = linkedParent(input.layout.dir, path);
    if (linked) {
      diagnostics.push({ path: linked, reason: 'is a symbolic link; the synced file under it was not written' });
      if (next !== undefined && current === undefined) skipped.push(path);
      continue;
    }
    try {
      if (next === undefined) {
        if (sameFile(lstatSync(abs, { throwIfNoEntry: false }), input.stats.get(path))) {
          unlinkSync(abs);
          written++;
        }
        continue;
      }
      const text = input.text(next);
      if (text === undefined) {
        diagnostics.push({ path: abs, reason: `blob ${next} could not be read from git; the file was left as it is` });
        if (current === undefined) skipped.push(path);
        continue;
      }
      if (current === undefined) {
        if (createExclusive(abs, text)) written++;
      } else if (sameFile(lstatSync(abs, { throwIfNoEntry: false }), input.stats.get(path))) {
        writeFileAtomic(abs, text);
        written++;
      }
    } catch (error) {
      diagnostics.push({
        path: abs,
        reason: `could not be written: ${error instanceof Error ? error.message : String(error)}`,
      });
      if (next !== undefined && current === undefined) skipped.push(path);
    }
  }
  return { written, skipped };
}

/** The first folder between the tree and `path` that is a symbolic link, if any. */
function linkedParent(treeDir: string, path: string): string | undefined {
  let dir = treeDir;
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const stat = lstatSync(dir, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (stat.isSymbolicLink()) return dir;
  }
  const leaf = lstatSync(join(dir, parts[parts.length - 1] ?? ''), { throwIfNoEntry: false });
  return leaf?.isSymbolicLink() ? join(dir, parts[parts.length - 1] ?? '') : undefined;
}
