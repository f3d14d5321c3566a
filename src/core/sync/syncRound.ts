import { mkdirSync } from 'node:fs';
import {
  AuthorityOffline,
  LocalAuthority,
  RemoteAuthority,
  type AuthorityView,
  type ClaimAuthority,
} from './claimAuthority';
import { mirrorClaims, reconcileClaims } from './claimReconcile';
import type { CoordContext } from '../records/context';
import type { Diagnostic } from '../store/diagnostics';
import type { GitCheckout } from '../store/gitCheckout';
import { GitRepository, type CommitIdentity, type TreeEntries } from './gitRepository';
import { GitRunner, GitUnavailableError } from './gitRunner';
import { snapshotTree, type LocalSnapshot } from './syncSnapshot';
import type { SyncResult } from './syncResult';
import type { SyncSettings } from './syncSettings';
import {
  readSyncState,
  remoteHoldsOwnTree,
  statCacheFile,
  syncDir,
  syncIndexFile,
  writeSyncState,
  type SyncState,
} from './syncState';
import { blobsToCompare, mergeTrees, type IncomingChange, type TreeMergeInput } from './syncTreeMerge';
import { writeBack } from './syncWriteBack';
import { ownWriterId } from './syncWriter';
import { tombstonePrefix, tombstoneTarget, treePathKind } from './syncPaths';
import { noteComputers } from './syncComputers';

export type AttemptOutcome =
  | { kind: 'done'; result: Partial<SyncResult> }
  | { kind: 'offline'; reason: string; ahead: number | null }
  | { kind: 'rejected'; reason: string; result: Partial<SyncResult> };

/** git's id of the empty tree: the "before" of a writer this tree never merged. */
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The git side of one checkout: its repository and where claims are decided. */
export async function openSyncRepository(
  ctx: CoordContext,
  checkout: GitCheckout,
  settings: SyncSettings,
): Promise<{ repo: GitRepository; authority: ClaimAuthority }> {
  mkdirSync(syncDir(ctx.layout), { recursive: true });
  const repo = new GitRepository(new GitRunner(ctx.layout.root), checkout, syncDir(ctx.layout));
  const authority = (await repo.hasRemote(settings.remote))
    ? new RemoteAuthority(repo, settings.remote, settings.branch)
    : new LocalAuthority(repo, settings.branch);
  return { repo, authority };
}

/**
 * One attempt of a sync round. With a remote: fetch every computer's tree ref and the claim refs → snapshot the
 * local tree → claims by compare-and-swap → take in what each other computer changed since this tree last merged
 * it → write the result into the tree → publish this tree's own ref. With no remote the live tree is the only
 * writer: its claims are the authority and the local branch only mirrors it.
 */
export async function attemptRound(
  ctx: CoordContext,
  checkout: GitCheckout,
  settings: SyncSettings,
): Promise<AttemptOutcome> {
  let repo: GitRepository;
  let authority: ClaimAuthority;
  try {
    ({ repo, authority } = await openSyncRepository(ctx, checkout, settings));
  } catch (error) {
    if (error instanceof GitUnavailableError) return { kind: 'offline', reason: error.message, ahead: null };
    throw error;
  }
  return authority instanceof RemoteAuthority
    ? remoteRound(ctx, repo, authority, settings)
    : localRound(ctx, repo, authority as LocalAuthority, settings);
}

async function remoteRound(
  ctx: CoordContext,
  repo: GitRepository,
  authority: RemoteAuthority,
  settings: SyncSettings,
): Promise<AttemptOutcome> {
  const diagnostics: Diagnostic[] = [];
  let state = readSyncState(ctx.layout);
  const writer = ownWriterId(ctx.layout, ctx.host);
  // A state from the one-branch layout, or of another branch, is no base: the first round takes everything in.
  const current = state.layout === 'trees' && state.branch === settings.branch;
  const publishedCommit = current ? state.base : undefined;
  // The fetch is the slow part: snapshotting the tree and listing what this tree last published run beside it.
  const observing = authority.observe({ withBranch: !current });
  const reading = publishedCommit ? repo.lsTree(publishedCommit) : Promise.resolve(new Map() as TreeEntries);
  const [observed, listed, snapshotted] = await Promise.allSettled([
    observing,
    reading,
    snapshotTree(repo, ctx.layout, statCacheFile(ctx.layout)),
  ]);
  if (observed.status === 'rejected') {
    const error: unknown = observed.reason;
    if (!(error instanceof AuthorityOffline || error instanceof GitUnavailableError)) throw error;
    const ahead =
      snapshotted.status === 'fulfilled' && listed.status === 'fulfilled'
        ? countLocalChanges(listed.value, snapshotted.value)
        : null;
    return { kind: 'offline', reason: error.message, ahead };
  }
  if (snapshotted.status === 'rejected') throw snapshotted.reason;
  const view = observed.value;
  const snapshot = snapshotted.value;
  let published: TreeEntries;
  if (listed.status === 'fulfilled') published = listed.value;
  else {
    diagnostics.push({
      path: `commit ${publishedCommit}`,
      reason:
        'the tree this computer last published is gone from the repository; merging everything again (nothing is deleted this round)',
    });
    published = new Map();
  }
  diagnostics.push(...snapshot.diagnostics);
  const held = new Set([...snapshot.invalid.keys(), ...snapshot.unsettled]);

  const ownRemote = view.trees.get(writer);
  const { incoming, seen } = await incomingChanges(
    repo,
    view,
    writer,
    current ? state : {},
    publishedCommit,
    diagnostics,
  );
  // The remote this tree synced with holds its last published tree; one that does not (emptied, replaced,
  // rewritten) is not trusted to say a claim was released by lacking it.
  const remoteKnown = remoteHoldsOwnTree(state, settings.branch, ownRemote?.commit ?? null);
  if (!remoteKnown && publishedCommit)
    diagnostics.push({
      path: `${settings.remote}`,
      reason: `does not hold the tree this computer last published there (emptied, replaced or rewritten?); nothing is taken as deleted or released for being absent, and this tree is published again`,
    });
  const claims = await reconcileClaims({
    ctx,
    repo,
    authority,
    view,
    base: published,
    ours: snapshot.entries,
    held,
    remoteKnown,
    due: new Set(current ? (state.claimsDue ?? []) : []),
  });
  diagnostics.push(...claims.diagnostics);
  if (claims.unchecked.length > 0) {
    // Kept before anything is published: a round that stops after publishing the tree must not leave them settled.
    state = { ...state, claimsDue: [...new Set([...(state.claimsDue ?? []), ...claims.unchecked])] };
    writeSyncState(ctx.layout, state);
  }

  const mergeInput: TreeMergeInput = { ours: snapshot.entries, published, held, incoming };
  const texts = await repo.readBlobs(blobsToCompare(mergeInput));
  const merged = mergeTrees(mergeInput, (oid) => texts.get(oid));
  diagnostics.push(...merged.notes);

  const files = new Map(merged.files);
  for (const [path, oid] of claims.entries) files.set(path, oid);
  const toWrite = [...files]
    .filter(([path, oid]) => snapshot.entries.get(path) !== oid && !held.has(path) && !texts.has(oid))
    .map(([, oid]) => oid);
  for (const [oid, text] of await repo.readBlobs(toWrite)) texts.set(oid, text);
  const back = writeBack(
    {
      layout: ctx.layout,
      ours: snapshot.entries,
      result: files,
      held,
      stats: snapshot.stats,
      text: (oid) => texts.get(oid),
    },
    diagnostics,
  );
  // A file that could not be placed here is not published as this tree's, and its writers are merged again next
  // round; published and then missing here, it would read as deleted.
  const deferred = new Set(merged.deferred);
  for (const path of back.skipped) {
    files.delete(path);
    for (const source of merged.sources.get(path) ?? []) deferred.add(source);
  }
  const result: TreeEntries = new Map(files);
  for (const [path, oid] of merged.tombstones) result.set(`${tombstonePrefix}${path}`, oid);

  // Received: files whose outcome here took another computer's version (its news, not copies of what is here).
  const fetched = merged.sources.size;
  const pushed = countDifferent(published, result);
  const counts = {
    mode: 'remote' as const,
    fetched,
    merged: back.written + claims.written,
    pushed,
    claims: { confirmed: claims.confirmed, lost: claims.lost, pending: claims.pending },
    diagnostics,
  };
  const expected = ownRemote?.commit ?? null;
  let tip = publishedCommit ?? null;
  let indexCommit = state.indexCommit;
  let publishedNow = false;
  if (pushed > 0 || expected === null || expected !== publishedCommit) {
    const known =
      indexCommit !== undefined && indexCommit === publishedCommit
        ? published
        : indexCommit
          ? await repo.lsTree(indexCommit).catch(() => undefined)
          : undefined;
    const tree = await repo.writeTreeWith(syncIndexFile(ctx.layout), known, result);
    const parent = expected ?? publishedCommit;
    tip = await repo.commitTree(
      tree,
      parent ? [parent] : [],
      `coord sync from ${ctx.host}: ${pushed} file(s)`,
      identity(ctx.host),
    );
    indexCommit = tip;
    writeSyncState(ctx.layout, { ...state, publishing: tip });
    let outcome;
    try {
      outcome = await authority.publishTree(writer, tip, expected);
    } catch (error) {
      if (error instanceof AuthorityOffline || error instanceof GitUnavailableError)
        return { kind: 'offline', reason: error.message, ahead: pushed };
      throw error;
    }
    if (outcome.kind === 'refused')
      return { kind: 'rejected', reason: outcome.reason, result: { ...counts, ahead: pushed, behind: null } };
    if (outcome.kind === 'moved') {
      // Only this tree pushes its ref: moved under it means a second copy of this tree writes as the same writer.
      const reason = `this computer's tree ref on ${settings.remote} moved under it: another copy of this tree publishes as writer ${writer} (a copied .local/sync/writer.json?); its tree is merged before trying again`;
      return { kind: 'rejected', reason, result: { ...counts, ahead: pushed, behind: null } };
    }
    publishedNow = true;
  }
  const nextSeen = Object.fromEntries(
    [...seen].filter(([source]) => !deferred.has(source)).map(([source, to]) => [source, to]),
  );
  for (const source of deferred) if (current && state.seen?.[source]) nextSeen[source] = state.seen[source] as string;
  const next: SyncState = {
    layout: 'trees',
    ...(tip ? { base: tip } : {}),
    branch: settings.branch,
    finishedAt: new Date(ctx.clock.now()).toISOString(),
    seen: nextSeen,
    ...(indexCommit ? { indexCommit } : {}),
    ...(claims.unchecked.length > 0 ? { claimsDue: claims.unchecked } : {}),
  };
  writeSyncState(ctx.layout, next);
  noteComputers(ctx, settings.remote, writer, view, publishedNow ? tip : null);
  return {
    kind: 'done',
    result: { ...counts, published: publishedNow, ...(tip ? { commit: tip } : {}), ahead: 0, behind: 0 },
  };
}

/**
 * What each other computer changed since this tree last merged it, in one diff-tree for all of them: a writer seen
 * before is diffed from the tree merged then, a new one from nothing. This tree's own ref, when it holds a commit
 * this tree did not publish (a second copy writing as it), is taken in like another computer's.
 */
async function incomingChanges(
  repo: GitRepository,
  view: AuthorityView,
  writer: string,
  state: SyncState,
  publishedCommit: string | undefined,
  diagnostics: Diagnostic[],
): Promise<{ incoming: IncomingChange[]; seen: Map<string, string> }> {
  const pairs: { source: string; from: string; to: string }[] = [];
  const seen = new Map<string, string>();
  for (const [source, tree] of view.trees) {
    if (source === writer) {
      if (tree.commit !== publishedCommit && tree.commit !== state.publishing)
        pairs.push({ source, from: emptyTree, to: tree.tree });
      continue;
    }
    seen.set(source, tree.tree);
    const before = state.seen?.[source];
    if (before !== tree.tree) pairs.push({ source, from: before ?? emptyTree, to: tree.tree });
  }
  if (view.branchTip) pairs.push({ source: 'branch', from: emptyTree, to: await repo.treeOf(view.branchTip) });
  let diffs;
  try {
    diffs = await repo.diffTrees(
      pairs.map((p) => [p.from, p.to]),
      diagnostics,
    );
  } catch (error) {
    // A tree merged long ago may be gone (git gc): merge those writers from nothing, which loses nothing.
    diagnostics.push({
      path: 'sync state',
      reason: `an earlier tree could not be compared (${error instanceof Error ? error.message : String(error)}); merging every computer's whole tree`,
    });
    diffs = await repo.diffTrees(
      pairs.map((p) => [emptyTree, p.to]),
      diagnostics,
    );
  }
  const incoming: IncomingChange[] = [];
  pairs.forEach((pair, i) => {
    for (const change of diffs[i] ?? []) {
      const path = tombstoneTarget(change.path) ?? change.path;
      if (treePathKind(path).kind === 'claim') continue;
      incoming.push({ source: pair.source, ...change });
    }
  });
  return { incoming, seen };
}

/** No remote: the live tree is the one writer and its claim files the authority; the local branch mirrors them. */
async function localRound(
  ctx: CoordContext,
  repo: GitRepository,
  authority: LocalAuthority,
  settings: SyncSettings,
): Promise<AttemptOutcome> {
  const state = readSyncState(ctx.layout);
  const [view, snapshot] = await Promise.all([
    authority.observe(),
    snapshotTree(repo, ctx.layout, statCacheFile(ctx.layout)),
  ]);
  const diagnostics: Diagnostic[] = [...snapshot.diagnostics];
  const held = new Set([...snapshot.invalid.keys(), ...snapshot.unsettled]);
  const mirrored = view.branchTip
    ? await repo.lsTree(view.branchTip, diagnostics).catch(() => new Map() as TreeEntries)
    : (new Map() as TreeEntries);
  const claims = await mirrorClaims(ctx, authority, view, snapshot.entries);
  const result: TreeEntries = new Map();
  for (const [path, oid] of snapshot.entries) {
    if (treePathKind(path).kind === 'claim') continue;
    const kept = held.has(path) ? mirrored.get(path) : oid;
    if (kept !== undefined) result.set(path, kept);
  }
  for (const [path, oid] of claims.entries) result.set(path, oid);
  const pushed = countDifferent(stripTombstones(mirrored), result);
  const counts = {
    mode: 'local' as const,
    fetched: 0,
    merged: 0,
    pushed,
    claims: { confirmed: [], lost: [], pending: [] },
    diagnostics,
  };
  let tip = view.branchTip;
  let published = false;
  if (pushed > 0 || tip === null) {
    const known = state.indexCommit !== undefined && state.indexCommit === tip ? mirrored : undefined;
    const tree = await repo.writeTreeWith(syncIndexFile(ctx.layout), known, result);
    const next = await repo.commitTree(
      tree,
      tip ? [tip] : [],
      `coord sync from ${ctx.host}: ${pushed} file(s)`,
      identity(ctx.host),
    );
    published = await authority.publishBranch(next, tip);
    if (!published)
      return {
        kind: 'rejected',
        reason: `the local branch ${settings.branch} moved during the round`,
        result: { ...counts, ahead: pushed, behind: null },
      };
    tip = next;
  }
  writeSyncState(ctx.layout, {
    ...(tip ? { base: tip, indexCommit: tip } : {}),
    branch: settings.branch,
    finishedAt: new Date(ctx.clock.now()).toISOString(),
  });
  return { kind: 'done', result: { ...counts, published, ...(tip ? { commit: tip } : {}), ahead: 0, behind: 0 } };
}

function stripTombstones(entries: TreeEntries): TreeEntries {
  return new Map([...entries].filter(([path]) => !path.startsWith(tombstonePrefix)));
}

/** Local changes not yet published: files that differ from this tree's last published version. */
function countLocalChanges(published: TreeEntries, snapshot: LocalSnapshot): number {
  const files = stripTombstones(published);
  let n = 0;
  for (const path of new Set([...files.keys(), ...snapshot.entries.keys()])) {
    if (snapshot.invalid.has(path) || treePathKind(path).kind === 'claim') continue;
    if (files.get(path) !== snapshot.entries.get(path)) n++;
  }
  return n;
}

function countDifferent(a: TreeEntries, b: TreeEntries): number {
  let n = 0;
  for (const path of new Set([...a.keys(), ...b.keys()])) if (a.get(path) !== b.get(path)) n++;
  return n;
}

function identity(host: string): CommitIdentity {
  const safe = host.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 60) || 'host';
  return { name: `coord on ${safe}`, email: `coord@${safe}.invalid` };
}
