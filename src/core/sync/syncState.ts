import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import type { TreeLayout } from '../store/layout';

/** What this checkout remembers between rounds, in `.local/sync/` (never synced). */
export interface SyncState {
  /** "trees": one ref per computer (this version). Absent: the one-branch layout of earlier versions. */
  layout?: 'trees';
  /** The commit this tree last published (with a remote: its own tree ref; with none: the local branch). */
  base?: string;
  /**
   * The commit a round is publishing, written before its push: a round killed after the push but before it wrote
   * this state still knows that commit, now on the remote, as this tree's own.
   */
  publishing?: string;
  /** Each other computer's tree as this tree last merged it, by writer id: what its next changes are diffed from. */
  seen?: Record<string, string>;
  /** The branch and mode `base` belongs to; another branch starts from no base. */
  branch?: string;
  finishedAt?: string;
  /** The commit whose tree `.local/sync/index` holds, so the next tree is built from the difference. */
  indexCommit?: string;
  /** Path claims of this tree whose new lease could not be checked for overlaps yet (`type/name`): the next round looks. */
  claimsDue?: string[];
}

export function syncDir(layout: TreeLayout): string {
  return join(layout.localDir, 'sync');
}

function stateFile(layout: TreeLayout): string {
  return join(syncDir(layout), 'state.json');
}

export function syncIndexFile(layout: TreeLayout): string {
  return join(syncDir(layout), 'index');
}

export function statCacheFile(layout: TreeLayout): string {
  return join(syncDir(layout), 'stat-cache.json');
}

export function readSyncState(layout: TreeLayout): SyncState {
  try {
    const parsed = JSON.parse(readFileSync(stateFile(layout), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as SyncState) : {};
  } catch {
    return {};
  }
}

export function writeSyncState(layout: TreeLayout, state: SyncState): void {
  writeFileAtomic(stateFile(layout), toJson(state));
}

/**
 * Whether `tip` (this tree's ref on the remote, null when it has none) is a commit this tree published: the last
 * one, or the one a round killed after its push was publishing. True when this tree never published in this
 * layout and branch: there is nothing to compare with, and the remote is taken as it is.
 */
export function remoteHoldsOwnTree(state: SyncState, branch: string, tip: string | null): boolean {
  if (state.layout !== 'trees' || state.branch !== branch || !state.base) return true;
  return tip !== null && (tip === state.base || tip === state.publishing);
}
