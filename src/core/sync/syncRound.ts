import { mkdirSync } from 'node:fs';
import { AuthorityOffline, LocalAuthority, RemoteAuthority, type ClaimAuthority } from './claimAuthority';
import { mirrorClaims, reconcileClaims } from './claimReconcile';
import type { CoordContext } from '../files/context';
import type { Diagnostic } from '../files/diagnostics';
import type { GitCheckout } from './gitCheckout';
import { GitRepository, type CommitIdentity, type TreeEntries } from './gitRepository';
import { GitRunner, GitUnavailableError } from './gitRunner';
import { snapshotTree } from './syncSnapshot';
import type { SyncResult } from './syncResult';
import type { SyncSettings } from './syncSettings';
import { readSyncState, statCacheFile, syncDir, syncIndexFile, writeSyncState } from './syncState';
import { blobsToCompare, mergeTrees, type TreeMergeInput } from './syncTreeMerge';
import { writeBack } from './syncWriteBack';

export type AttemptOutcome =
  | { kind: 'done'; result: Partial<SyncResult> }
  | { kind: 'offline'; reason: string; ahead: number | null }
  | { kind: 'rejected'; result: Partial<SyncResult> };

/** The git side of one checkout: its repository and where claims are decided. */
export async function openSyncRepository(ctx: CoordContext, checkout: GitCheckout, settings: SyncSettings): Promise<{ repo: GitRepository; authority: ClaimAuthority }> {
  mkdirSync(syncDir(ctx.layout), { recursive: true });
  const repo = new GitRepository(new GitRunner(ctx.layout.root), checkout, syncDir(ctx.layout));
  const authority = (await repo.hasRemote(settings.remote)) ? new RemoteAuthority(repo, settings.remote, settings.branch) : new LocalAuthority(repo, settings.branch);
  return { repo, authority };
}

/**
 * One attempt of a sync round: observe the authority (fetch) → snapshot the local tree → claims by
 * compare-and-swap → merge every other file against the last synced commit → write the result into the tree →
 * commit on top of the authority's tip → publish as a fast-forward. "rejected" means someone published first.
 */
export async function attemptRound(ctx: CoordContext, checkout: GitCheckout, settings: SyncSettings): Promise<AttemptOutcome> {
  const diagnostics: Diagnostic[] = [];
  let repo: GitRepository;
  let authority: ClaimAuthority;
  try {
    ({ repo, authority } = await openSyncRepository(ctx, checkout, settings));
  } catch (error) {
    if (error instanceof GitUnavailableError) return { kind: 'offline', reason: error.message, ahead: null };
    throw error;
  }
  const state = readSyncState(ctx.layout);
  const baseCommit = state.branch === settings.branch ? state.base : undefined;
  // The fetch is the slow part: snapshotting the tree and reading the base do not depend on it, so they run beside it.
  // Both git processes start before the snapshot's synchronous walk of the tree.
  const observing = authority.observe();
  const reading = baseCommit ? repo.lsTree(baseCommit) : Promise.resolve(new Map() as TreeEntries);
  const [observed, based, snapshotted] = await Promise.allSettled([observing, reading, snapshotTree(repo, ctx.layout, statCacheFile(ctx.layout))]);
  if (observed.status === 'rejected') {
    const error: unknown = observed.reason;
    if (!(error instanceof AuthorityOffline || error instanceof GitUnavailableError)) throw error;
    const ahead = snapshotted.status === 'fulfilled' && based.status === 'fulfilled' ? countDifferent(based.value, snapshotted.value.entries, snapshotted.value.invalid) : null;
    return { kind: 'offline', reason: error.message, ahead };
  }
  if (snapshotted.status === 'rejected') throw snapshotted.reason;
  const view = observed.value;
  const snapshot = snapshotted.value;
  let base: TreeEntries;
  if (based.status === 'fulfilled') base = based.value;
  else {
    diagnostics.push({ path: `commit ${baseCommit}`, reason: 'the last synced commit is gone from the repository; merging without a base (nothing is deleted this round)' });
    base = new Map();
  }
  const mode = authority.kind;
  // A branch deleted on the remote is recreated from the last commit this checkout synced (with no remote, the
  // authority's branch is the shared local one and needs no fallback).
  const theirsTip = view.branchTip ?? (mode === 'remote' && baseCommit && based.status === 'fulfilled' ? baseCommit : null);
  const theirs = theirsTip ? (theirsTip === baseCommit ? base : await repo.lsTree(theirsTip, diagnostics)) : new Map() as TreeEntries;
  diagnostics.push(...snapshot.diagnostics);
  const held = new Set([...snapshot.invalid.keys(), ...snapshot.unsettled]);
  // With a remote its refs decide claims; with none the claim files of the one live tree do, and the branch only
  // mirrors them (claim refs an earlier version kept in this repository are dropped).
  const claims = authority.kind === 'remote'
    ? await reconcileClaims({ ctx, repo, authority, view, base, ours: snapshot.entries, held })
    : await mirrorClaims(ctx, authority, view, snapshot.entries);
  diagnostics.push(...claims.diagnostics);

  const mergeInput: TreeMergeInput = { base, ours: snapshot.entries, theirs, oursHeld: held };
  const texts = await repo.readBlobs(blobsToCompare(mergeInput));
  const { result, notes } = mergeTrees(mergeInput, (oid) => texts.get(oid));
  diagnostics.push(...notes);
  for (const [path, oid] of claims.entries) result.set(path, oid);

  const toWrite = [...result].filter(([path, oid]) => snapshot.entries.get(path) !== oid && !held.has(path) && !texts.has(oid)).map(([, oid]) => oid);
  for (const [oid, text] of await repo.readBlobs(toWrite)) texts.set(oid, text);
  const merged = writeBack({ layout: ctx.layout, ours: snapshot.entries, result, held, stats: snapshot.stats, text: (oid) => texts.get(oid) }, diagnostics) + claims.written;

  const fetched = countDifferent(base, theirs);
  const pushed = countDifferent(theirs, result);
  const counts = { mode, fetched, merged, pushed, claims: { confirmed: claims.confirmed, lost: claims.lost, pending: claims.pending }, diagnostics };
  let newTip = theirsTip;
  let indexCommit = state.indexCommit;
  if (pushed > 0 || theirsTip === null) {
    const known = indexCommit === baseCommit ? base : indexCommit === theirsTip ? theirs : indexCommit ? await repo.lsTree(indexCommit).catch(() => undefined) : undefined;
    const tree = await repo.writeTreeWith(syncIndexFile(ctx.layout), known, result);
    newTip = await repo.commitTree(tree, theirsTip ? [theirsTip] : [], `coord sync from ${ctx.host}: ${pushed} file(s)`, identity(ctx.host));
    indexCommit = newTip;
  }
  let published = false;
  if (newTip !== null && newTip !== view.branchTip) {
    try {
      published = await authority.publishBranch(newTip, view.branchTip);
    } catch (error) {
      if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return { kind: 'offline', reason: error.message, ahead: pushed };
      throw error;
    }
    if (!published) {
      // The working tree now holds their tip merged with our changes, so their tip is the right base to retry from.
      if (theirsTip) writeSyncState(ctx.layout, { base: theirsTip, branch: settings.branch, finishedAt: new Date().toISOString(), ...(indexCommit ? { indexCommit } : {}) });
      return { kind: 'rejected', result: { ...counts, ahead: pushed, behind: null } };
    }
  }
  writeSyncState(ctx.layout, { ...(newTip ? { base: newTip } : {}), branch: settings.branch, finishedAt: new Date().toISOString(), ...(indexCommit ? { indexCommit } : {}) });
  return { kind: 'done', result: { ...counts, published, ...(newTip ? { commit: newTip } : {}), ahead: 0, behind: 0 } };
}

function countDifferent(a: TreeEntries, b: TreeEntries, ignore?: Map<string, string>): number {
  let n = 0;
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (ignore?.has(path)) continue;
    if (a.get(path) !== b.get(path)) n++;
  }
  return n;
}

function identity(host: string): CommitIdentity {
  const safe = host.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 60) || 'host';
  return { name: `coord on ${safe}`, email: `coord@${safe}.invalid` };
}
