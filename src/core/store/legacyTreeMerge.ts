import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createExclusive, writeFileAtomic } from './atomicFile';
import { randomPart } from './ids';
import type { TreeLayout } from './layout';
import { ownTreeDir } from './liveTree';

export interface LegacyMergeResult {
  /** Where the worktree's own tree was moved after its records were merged (inside the shared tree's `.local/`). */
  keptAt: string;
  merged: number;
  /** Records of the worktree's tree that the shared tree already had in another version (the shared one was kept). */
  conflicts: string[];
}

/**
 * Merges, once, the tree a linked worktree kept of its own (before worktrees shared one) into the repository's
 * shared tree, losing nothing: records the shared tree lacks are created there; of two versions of a session or
 * work item the newer is kept (a session file has one writer, so its later write is its latest word); messages
 * are a union; a claim the shared tree already has stays as it is there. The old folder is first renamed into
 * `.local/merging/` (so of two processes only one merges it, and a merge cut short by a kill is finished by the
 * next process), then moved to `.local/merged/`, where it stays for a person to look at.
 */
export function mergeLegacyTree(layout: TreeLayout): LegacyMergeResult | undefined {
  const own = ownTreeDir(layout.root);
  if (own === layout.dir) return undefined;
  const stat = lstatSync(own, { throwIfNoEntry: false });
  const merging = join(layout.localDir, 'merging');
  if (stat?.isDirectory() && lstatSync(join(own, 'protocol.json'), { throwIfNoEntry: false })?.isFile()) {
    mkdirSync(merging, { recursive: true });
    try {
      renameSync(own, join(merging, `${Date.now()}-${randomPart(6)}`));
    } catch {
      // Another process moved it first (or it is not ours to move): it merges it.
    }
  }
  let pending: string[];
  try {
    pending = readdirSync(merging);
  } catch {
    return undefined;
  }
  let result: LegacyMergeResult | undefined;
  for (const name of pending) {
    const from = join(merging, name);
    const conflicts: string[] = [];
    const merged = mergeFolder(from, layout.dir, '', conflicts);
    const keptAt = join(layout.localDir, 'merged', name);
    mkdirSync(join(layout.localDir, 'merged'), { recursive: true });
    try {
      renameSync(from, keptAt);
    } catch {
      rmSync(from, { recursive: true, force: true });
    }
    result = {
      keptAt,
      merged: (result?.merged ?? 0) + merged,
      conflicts: [...(result?.conflicts ?? []), ...conflicts],
    };
  }
  return result;
}

function mergeFolder(from: string, to: string, rel: string, conflicts: string[]): number {
  let merged = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    // This worktree's own bookkeeping of sync, locks and claim refs is not the shared tree's; read markers are.
    if (rel === '.local' && entry.name !== 'read') continue;
    if (entry.name.startsWith('.') && entry.name !== '.local') continue;
    if (entry.isDirectory()) merged += mergeFolder(join(from, entry.name), join(to, entry.name), path, conflicts);
    else if (entry.isFile()) merged += mergeFile(join(from, entry.name), join(to, entry.name), path, conflicts) ? 1 : 0;
  }
  return merged;
}

function mergeFile(from: string, to: string, path: string, conflicts: string[]): boolean {
  let text: string;
  try {
    text = readFileSync(from, 'utf8');
  } catch {
    return false;
  }
  if (createExclusive(to, text)) return true;
  let theirs: string;
  try {
    theirs = readFileSync(to, 'utf8');
  } catch {
    return false;
  }
  if (theirs === text) return false;
  const newer = newerOf(path, text, theirs);
  if (newer === 'ours') {
    writeFileAtomic(to, text);
    return true;
  }
  if (newer === undefined) conflicts.push(path);
  return false;
}

/** Which version of a session or work item is the later write; undefined for anything else (the shared one stays). */
function newerOf(path: string, ours: string, theirs: string): 'ours' | 'theirs' | undefined {
  const field = path.startsWith('sessions/') ? 'heartbeatAt' : path.startsWith('work/') ? 'updatedAt' : undefined;
  if (field === undefined) return undefined;
  const a = stamp(ours, field);
  const b = stamp(theirs, field);
  if (a === undefined || b === undefined) return undefined;
  return a > b ? 'ours' : 'theirs';
}

function stamp(text: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    const ended = (JSON.parse(text) as Record<string, unknown>).endedAt;
    const at = typeof value === 'string' ? value : undefined;
    return typeof ended === 'string' && at !== undefined && ended > at ? ended : at;
  } catch {
    return undefined;
  }
}
