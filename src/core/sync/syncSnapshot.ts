import { lstatSync, readFileSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomicFile';
import type { Diagnostic } from '../store/diagnostics';
import type { GitRepository, TreeEntries } from './gitRepository';
import type { TreeLayout } from '../store/layout';
import { recordProblem } from './syncRecords';
import { maxSyncedFileBytes, treePathProblem } from './syncPaths';

export interface LocalSnapshot {
  /** Every syncable file of the tree and its blob. */
  entries: TreeEntries;
  /** Files whose content is not a valid record: never pushed, never overwritten. */
  invalid: Map<string, string>;
  /** Files that changed while being read: left out of this round, taken next time. */
  unsettled: Set<string>;
  diagnostics: Diagnostic[];
  /** How many files had to be hashed (the rest came from the stat cache). */
  hashed: number;
  /** Each file's identity when snapshotted: a write-back replaces a file only if it is still this one. */
  stats: Map<string, FileIdentity>;
}

export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

type CacheRow = [size: number, mtimeMs: number, ino: number, oid: string, problem: string];

interface Found {
  path: string;
  abs: string;
  stat: Stats;
}

/**
 * Snapshots the working tree into blobs: every file under docs/coordination except `.local/` and dot-files
 * (temporary and lock files). A stat cache in `.local/sync/` (size, mtime, inode) means only files that changed
 * since the last round are read and hashed; the protocol's atomic writes give every rewrite a new inode.
 */
export async function snapshotTree(repo: GitRepository, layout: TreeLayout, cacheFile: string): Promise<LocalSnapshot> {
  const diagnostics: Diagnostic[] = [];
  const found: Found[] = [];
  walk(layout.dir, '', found, diagnostics);
  const cache = readCache(cacheFile);
  const nextCache: Record<string, CacheRow> = {};
  const entries: TreeEntries = new Map();
  const invalid = new Map<string, string>();
  const unsettled = new Set<string>();
  const stats = new Map<string, FileIdentity>();
  for (const item of found) stats.set(item.path, item.stat);
  const toHash: { item: Found; problem: string }[] = [];
  for (const item of found) {
    const row = cache[item.path];
    if (row && row[0] === item.stat.size && row[1] === item.stat.mtimeMs && row[2] === item.stat.ino) {
      entries.set(item.path, row[3]);
      if (row[4]) invalid.set(item.path, row[4]);
      nextCache[item.path] = row;
      continue;
    }
    let text: string;
    try {
      text = readFileSync(item.abs, 'utf8');
    } catch (error) {
      // Removed between the listing and the read: it is simply not part of this snapshot.
      continue;
    }
    toHash.push({ item, problem: recordProblem(item.path, text) ?? '' });
  }
  const oids = await repo.hashFiles(toHash.map((h) => h.item.abs));
  toHash.forEach(({ item, problem }, i) => {
    const oid = oids[i] as string;
    const after = lstatSync(item.abs, { throwIfNoEntry: false });
    if (!sameFile(after, item.stat)) {
      unsettled.add(item.path);
      return;
    }
    entries.set(item.path, oid);
    if (problem) {
      invalid.set(item.path, problem);
      diagnostics.push({ path: item.abs, reason: `${problem}; it is not synced until it is fixed` });
    }
    nextCache[item.path] = [item.stat.size, item.stat.mtimeMs, item.stat.ino, oid, problem];
  });
  // Compact, and only when it changed: at 10,000 files it is a megabyte.
  if (toHash.length > 0 || Object.keys(cache).length !== found.length)
    writeFileAtomic(cacheFile, JSON.stringify(nextCache));
  return { entries, invalid, unsettled, diagnostics, hashed: toHash.length, stats };
}

function walk(dir: string, prefix: string, out: Found[], diagnostics: Diagnostic[]): void {
  let names: import('node:fs').Dirent[];
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (prefix !== '') diagnostics.push({ path: dir, reason: `cannot be listed (${String(error)})` });
    return;
  }
  for (const entry of names) {
    // Dot-files are the protocol's temporary and lock files, and .local/ is this computer's own state.
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    const abs = join(dir, entry.name);
    const problem = treePathProblem(path);
    if (problem) {
      diagnostics.push({ path: abs, reason: `${problem}; not synced` });
      continue;
    }
    if (entry.isSymbolicLink()) {
      diagnostics.push({ path: abs, reason: 'is a symbolic link; links are never synced' });
    } else if (entry.isDirectory()) {
      walk(abs, path, out, diagnostics);
    } else if (entry.isFile()) {
      const stat = lstatSync(abs, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.size > maxSyncedFileBytes)
        diagnostics.push({
          path: abs,
          reason: `is ${stat.size} bytes, over the ${maxSyncedFileBytes}-byte limit for a synced file`,
        });
      else out.push({ path, abs, stat });
    }
  }
}

function readCache(file: string): Record<string, CacheRow> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, CacheRow>) : {};
  } catch {
    return {};
  }
}
