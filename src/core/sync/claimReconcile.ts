import { existsSync } from 'node:fs';
import type { AuthorityView, CasOutcome, ClaimAuthority, ClaimCas } from './claimAuthority';
import { holdClaimFile, type HeldLock } from '../store/fileMutation';
import { classifyClaim, decideClaim, leaseOf, sameLease, type ClaimAction } from './claimTable';
import {
  forgetClaimRefStates,
  observedRef,
  readCheckedLease,
  readClaimRefState,
  removeClaimRefState,
  writeClaimRefState,
  type ClaimRefState,
} from './claimRefState';
import { replaceClaimFile, withdrawClaim } from './claimWithdraw';
import type { CoordContext } from '../records/context';
import type { Diagnostic } from '../store/diagnostics';
import type { GitRepository, RefInfo, TreeEntries } from './gitRepository';
import { maxRecordBytes, readBoundedFile } from '../records/recordReader';
import type { Claim } from '../records/claim';
import { holderFreesClaim, sessionIsLocal } from './sessionFacts';
import { claimPath, treePathKind } from './syncPaths';
import { pathClaimType } from '../claims/pathClaims';
import { checkPathClaim } from './pathClaimCheck';
import { claimOf } from './claimBlob';

export interface ClaimReconcileInput {
  ctx: CoordContext;
  repo: GitRepository;
  authority: ClaimAuthority;
  view: AuthorityView;
  base: TreeEntries;
  ours: TreeEntries;
  /** Local files held back this round (bad records, files changed while read). */
  held: Set<string>;
  /**
   * Whether the remote is the one this tree last synced with (it holds this tree's last published tree). When it
   * is not — emptied, replaced, rewritten — a claim missing there says nothing: this tree's leases are published
   * again, others' copies kept, and nothing is withdrawn for being absent.
   */
  remoteKnown: boolean;
  /** Path claims of this tree whose new lease an earlier round could not check for overlaps: looked at again. */
  due: Set<string>;
}

export interface ClaimReconcileResult {
  /** Claim files for the merged tree (a mirror of the authority, plus pending intents), by path. */
  entries: TreeEntries;
  confirmed: string[];
  lost: { key: string; holder: string; winner?: string }[];
  pending: string[];
  /** Path claims of this tree on the authority whose overlap check could not be made this round (the next one looks). */
  unchecked: string[];
  /** Local claim files changed to match the authority. */
  written: number;
  diagnostics: Diagnostic[];
}

interface Item {
  key: string;
  type: string;
  name: string;
  path: string;
  local: string | null;
  state: ClaimRefState;
  authority: RefInfo | null;
}

const maxCasRounds = 3;

function emptyResult(): ClaimReconcileResult {
  return { entries: new Map(), confirmed: [], lost: [], pending: [], unchecked: [], written: 0, diagnostics: [] };
}

interface ToCheck {
  item: Item;
  oid: string;
}

/**
 * The claims step of a round with a remote. The remote's ref is each claim's one authority; the claim file here is
 * a projection of it or a pending intent of this tree. Every claim is classified into the state table
 * (claimTable.ts) and the table's step is taken: publish or delete by compare-and-swap on the ref, adopt the
 * authority's value into the file, or withdraw a lost lease of this tree (judged again on a fresh look first, since
 * the round's look at the remote may predate a claim taken while it ran).
 */
export async function reconcileClaims(input: ClaimReconcileInput): Promise<ClaimReconcileResult> {
  const out = emptyResult();
  const texts = new Map<string, string>();
  let open = collect(input, out.entries);
  const toWithdraw: Item[] = [];
  const toCheck: ToCheck[] = [];
  for (let round = 0; round < maxCasRounds && open.length > 0; round++) {
    await loadTexts(input.repo, open, texts);
    const decided = open.map((item) => ({ item, action: decide(input, item, texts) }));
    const ops: ClaimCas[] = [];
    const holds: HeldLock[] = [];
    const skipped = new Set<Item>();
    for (const { item, action } of decided) {
      if (action === 'publish') {
        // The file is held at these bytes while they are pushed: a release or renewal of them made meanwhile would
        // otherwise land before the push, and the push would bring back a lease already released here.
        const hold = holdClaimFile(
          input.ctx.layout.claimFile(item.type, item.name),
          texts.get(item.local as string) as string,
        );
        if (typeof hold === 'string') {
          skipped.add(item);
          continue;
        }
        holds.push(hold);
        const mine = claimOf(item.path, item.local, texts) as Claim;
        // Written ahead of the push: a process killed after it still leaves the lease known as this tree's.
        item.state = { ...item.state, ownLease: leaseOf(mine) };
        writeClaimRefState(input.ctx.layout, item.type, item.name, item.state);
        ops.push({
          key: item.key,
          type: item.type,
          name: item.name,
          expect: item.authority?.oid ?? null,
          next: item.local,
        });
      } else if (action === 'delete') {
        // The look at the remote ran beside the snapshot of this tree and may be the newer of the two: a claim
        // taken here after the snapshot read no file, and pushed before the look, is on the remote as "ours, no
        // file here". Looked at again now (after the look), a file there is that claim: the next round decides.
        if (existsSync(input.ctx.layout.claimFile(item.type, item.name))) {
          skipped.add(item);
          continue;
        }
        ops.push({ key: item.key, type: item.type, name: item.name, expect: item.authority?.oid ?? null, next: null });
      }
    }
    let results: Map<string, CasOutcome>;
    try {
      results = await input.authority.casClaims(ops);
    } finally {
      for (const hold of holds) hold.release();
    }
    const retry: Item[] = [];
    for (const { item, action } of decided) {
      if (skipped.has(item)) {
        // Changed (or being changed) since the snapshot: the next round decides with what is there then.
        if (item.local) out.entries.set(item.path, item.local);
        continue;
      }
      if (action === 'publish' || action === 'delete') {
        const outcome = results.get(item.key);
        if (outcome?.kind === 'done') {
          if (action === 'publish') settle(input, item, item.local, texts, out, toCheck);
          else removeClaimRefState(input.ctx.layout, item.type, item.name);
        } else if (outcome?.kind === 'refused') keepPending(input, item, outcome.reason, out);
        else retry.push(item);
        continue;
      }
      if (action === 'withdraw') toWithdraw.push(item);
      else if (action === 'adopt') adopt(input, item, texts, out, toCheck);
      else settle(input, item, item.authority?.oid ?? null, texts, out, toCheck);
    }
    if (retry.length === 0) break;
    // Someone moved those refs between our look and our push: look again and decide again.
    await refresh(input, retry);
    open = round + 1 < maxCasRounds ? retry : [];
    if (open.length === 0) {
      for (const item of retry) {
        const said = (results.get(item.key) as { summary?: string } | undefined)?.summary;
        keepPending(
          input,
          item,
          `the claim kept changing on the authority${said ? ` (last answer: ${said})` : ''}; tried again next round`,
          out,
        );
      }
    }
  }
  if (toWithdraw.length > 0) await withdrawLost(input, toWithdraw, texts, out);
  for (const entry of toCheck) await checkOverlaps(input, entry, texts, out);
  return out;
}

/** No remote: the tree's claim files are the authority and go into the branch as they are. */
export async function mirrorClaims(
  ctx: CoordContext,
  authority: ClaimAuthority,
  view: AuthorityView,
  ours: TreeEntries,
): Promise<ClaimReconcileResult> {
  forgetClaimRefStates(ctx.layout);
  const out = emptyResult();
  for (const [path, oid] of ours) if (treePathKind(path).kind === 'claim') out.entries.set(path, oid);
  const stale = [...view.claims].map(([key, ref]) => {
    const [type, name] = key.split('/') as [string, string];
    return { key, type, name, expect: ref.oid, next: null };
  });
  if (stale.length > 0) await authority.casClaims(stale);
  return out;
}

function decide(input: ClaimReconcileInput, item: Item, texts: Map<string, string>): ClaimAction {
  const { ctx } = input;
  const mine = claimOf(item.path, item.local, texts);
  const theirs =
    item.authority && isReadable(item.authority) ? claimOf(item.path, item.authority.oid, texts) : undefined;
  if (item.local && !mine) return 'settled'; // not a valid claim here: held back and reported by the snapshot
  if (!input.remoteKnown && !item.authority && mine) return sessionIsLocal(ctx, mine.holder) ? 'publish' : 'settled';
  const cell = classifyClaim({
    local: item.local && mine ? { oid: item.local, claim: mine } : null,
    authority: item.authority ? { oid: item.authority.oid, ...(theirs ? { claim: theirs } : {}) } : null,
    ...(item.state.lease ? { knownLease: item.state.lease } : {}),
    ...(item.state.ownLease ? { ownLease: item.state.ownLease } : {}),
    authoritySeenAt: item.state.refSeenAt ?? ctx.clock.now(),
    now: ctx.clock.now(),
    defaultTtlSeconds: ctx.config.defaultTtlSeconds,
    isOwnSession: (id) => sessionIsLocal(ctx, id),
    holderDone: (id) => holderFreesClaim(ctx, id, item.state.refSeenAt),
  });
  return decideClaim(cell);
}

/**
 * The authority and this tree agree on `oid` (null: neither has the claim). A path-claim lease of this tree not
 * known held before — published by this round, or by a `coord claim` that has not looked yet or was killed before
 * it did — is not held until its overlap check passes: it goes to `toCheck`, and is recorded without its lease.
 */
function settle(
  input: ClaimReconcileInput,
  item: Item,
  oid: string | null,
  texts: Map<string, string>,
  out: ClaimReconcileResult,
  toCheck: ToCheck[],
): void {
  const { layout } = input.ctx;
  const claim = claimOf(item.path, oid, texts);
  if (oid === null || !claim) {
    if (oid !== null && item.authority) {
      out.diagnostics.push({
        path: `claim ref ${item.key}`,
        reason: `on ${input.authority.label} does not hold a valid claim (${item.authority.type}, ${item.authority.size} bytes); it counts as held until it expires here`,
      });
      writeClaimRefState(layout, item.type, item.name, {
        ref: item.state.ref ?? null,
        ...(item.state.refSeenAt !== undefined ? { refSeenAt: item.state.refSeenAt } : {}),
      });
      if (item.local) out.entries.set(item.path, item.local);
      return;
    }
    if (item.local) out.entries.set(item.path, item.local);
    else removeClaimRefState(layout, item.type, item.name);
    return;
  }
  const local = sessionIsLocal(input.ctx, claim.holder);
  const unchecked =
    local &&
    claim.type === pathClaimType &&
    (input.due.has(item.key) || !sameLease(item.state.lease, leaseOf(claim))) &&
    !sameLease(readCheckedLease(layout, claim), leaseOf(claim));
  const seenAt = item.state.ref === oid ? (item.state.refSeenAt ?? input.ctx.clock.now()) : input.ctx.clock.now();
  const own =
    item.state.ownLease && sameLease(item.state.ownLease, leaseOf(claim))
      ? { ownLease: item.state.ownLease }
      : local
        ? { ownLease: leaseOf(claim) }
        : {};
  writeClaimRefState(layout, item.type, item.name, {
    ref: oid,
    refSeenAt: seenAt,
    ...(unchecked ? {} : { lease: leaseOf(claim) }),
    renewedAt: claim.renewedAt,
    ...own,
  });
  out.entries.set(item.path, oid);
  if (unchecked) toCheck.push({ item, oid });
  else if (local) out.confirmed.push(item.key);
}

/** The local file becomes the authority's value (a projection), by compare-and-swap on the bytes the snapshot saw. */
function adopt(
  input: ClaimReconcileInput,
  item: Item,
  texts: Map<string, string>,
  out: ClaimReconcileResult,
  toCheck: ToCheck[],
): void {
  const theirs =
    item.authority && isReadable(item.authority) ? claimOf(item.path, item.authority.oid, texts) : undefined;
  const next = theirs && item.authority ? (texts.get(item.authority.oid) ?? null) : null;
  if (!input.held.has(item.path) && replaceLocal(input, item, next, texts)) out.written++;
  if (theirs && item.authority) {
    const seenAt =
      item.state.ref === item.authority.oid ? (item.state.refSeenAt ?? input.ctx.clock.now()) : input.ctx.clock.now();
    writeClaimRefState(input.ctx.layout, item.type, item.name, {
      ref: item.authority.oid,
      refSeenAt: seenAt,
      lease: leaseOf(theirs),
      renewedAt: theirs.renewedAt,
    });
    out.entries.set(item.path, item.authority.oid);
  } else if (item.authority) {
    settle(input, item, item.authority.oid, texts, out, toCheck);
  } else removeClaimRefState(input.ctx.layout, item.type, item.name);
}

/**
 * A lease of this tree that lost. The round's look at the remote may be older than the claim file (a claim taken,
 * or released, while the round ran), so the claim is looked up again, the file and state read again, and it is
 * withdrawn only if the table still says so; otherwise the next round decides.
 */
async function withdrawLost(
  input: ClaimReconcileInput,
  items: Item[],
  texts: Map<string, string>,
  out: ClaimReconcileResult,
): Promise<void> {
  const fresh: Item[] = [];
  for (const item of items) {
    const read = readBoundedFile(input.ctx.layout.claimFile(item.type, item.name));
    const raw = read.ok ? read.raw : null;
    // Changed since the snapshot (released, renewed, taken again): the next round decides with what is there then.
    if (raw === null || item.local === null || raw !== texts.get(item.local)) continue;
    const oid = item.local;
    fresh.push({ ...item, local: oid, state: readClaimRefState(input.ctx.layout, item.type, item.name) });
  }
  if (fresh.length === 0) return;
  await refresh(input, fresh);
  await loadTexts(input.repo, fresh, texts);
  for (const item of fresh) {
    const action = decide(input, item, texts);
    if (action !== 'withdraw') {
      if (item.local) out.entries.set(item.path, item.local);
      continue;
    }
    const lost = claimOf(item.path, item.local, texts) as Claim;
    const theirs =
      item.authority && isReadable(item.authority) ? claimOf(item.path, item.authority.oid, texts) : undefined;
    const next = theirs && item.authority ? (texts.get(item.authority.oid) ?? null) : null;
    if (!replaceLocal(input, item, next, texts)) {
      if (item.local) out.entries.set(item.path, item.local);
      continue;
    }
    out.written++;
    const knownConfirmed = item.state.lease !== undefined && sameLease(item.state.lease, leaseOf(lost));
    withdrawClaim(input.ctx, lost, theirs, input.authority.label, knownConfirmed);
    out.lost.push({ key: item.key, holder: lost.holder, ...(theirs ? { winner: theirs.holder } : {}) });
    if (theirs && item.authority) {
      writeClaimRefState(input.ctx.layout, item.type, item.name, {
        ref: item.authority.oid,
        refSeenAt: item.state.refSeenAt ?? input.ctx.clock.now(),
        lease: leaseOf(theirs),
        renewedAt: theirs.renewedAt,
      });
      out.entries.set(item.path, item.authority.oid);
    } else
      writeClaimRefState(input.ctx.layout, item.type, item.name, {
        ref: item.authority?.oid ?? null,
        refSeenAt: item.state.refSeenAt ?? input.ctx.clock.now(),
      });
  }
}

async function refresh(input: ClaimReconcileInput, items: Item[]): Promise<void> {
  const seen = await input.authority.observeClaims(items);
  for (const item of items) {
    item.authority = seen.get(item.key) ?? null;
    item.state = observedRef(item.state, item.authority?.oid ?? null, input.ctx.clock.now());
  }
}

/** A new path-claim lease of this tree is checked for overlaps (pathClaimCheck.ts): held once clear, withdrawn if it yields. */
async function checkOverlaps(
  input: ClaimReconcileInput,
  { item, oid }: ToCheck,
  texts: Map<string, string>,
  out: ClaimReconcileResult,
): Promise<void> {
  const ours = claimOf(item.path, oid, texts) as Claim;
  const check = await checkPathClaim(input.ctx, input.repo, input.authority, ours, oid, { tell: true, waitMs: 0 });
  if (check.kind === 'clear') {
    const state = readClaimRefState(input.ctx.layout, item.type, item.name);
    if (state.ref === oid)
      writeClaimRefState(input.ctx.layout, item.type, item.name, { ...state, lease: leaseOf(ours) });
    out.confirmed.push(item.key);
  } else if (check.kind === 'unchecked') {
    out.unchecked.push(item.key);
    out.pending.push(item.key);
    out.diagnostics.push({ path: `claim ${item.key}`, reason: `pending: ${check.reason}` });
  } else if (check.kind === 'yielded') {
    if (check.gone) out.written++;
    out.entries.delete(item.path);
    out.lost.push({ key: item.key, holder: ours.holder, winner: check.winner.holder });
  }
}

/** Not answered this round: the local claim stays as it is (and in the tree), and says why. */
function keepPending(input: ClaimReconcileInput, item: Item, reason: string, out: ClaimReconcileResult): void {
  out.pending.push(item.key);
  out.diagnostics.push({ path: `claim ${item.key}`, reason: `pending: ${reason}` });
  if (item.local) out.entries.set(item.path, item.local);
  writeClaimRefState(input.ctx.layout, item.type, item.name, { ...item.state, pendingReason: reason });
}

function collect(input: ClaimReconcileInput, settled: TreeEntries): Item[] {
  const keys = new Map<string, { type: string; name: string }>();
  for (const path of input.ours.keys()) {
    const kind = treePathKind(path);
    if (kind.kind === 'claim') keys.set(`${kind.type}/${kind.name}`, kind);
  }
  for (const key of input.view.claims.keys()) {
    const [type, name] = key.split('/') as [string, string];
    keys.set(key, { type, name });
  }
  const items: Item[] = [];
  const now = input.ctx.clock.now();
  for (const [key, { type, name }] of keys) {
    const path = claimPath(type, name);
    const local = input.ours.get(path) ?? null;
    const authority = input.view.claims.get(key) ?? null;
    // Unchanged everywhere since the last round (most claims, most rounds): settled then, and nothing moved since.
    if (
      local !== null &&
      !input.held.has(path) &&
      local === (input.base.get(path) ?? null) &&
      authority?.oid === local &&
      !input.due.has(key)
    ) {
      settled.set(path, local);
      continue;
    }
    const state = observedRef(readClaimRefState(input.ctx.layout, type, name), authority?.oid ?? null, now);
    items.push({ key, type, name, path, local: input.held.has(path) ? null : local, state, authority });
    if (input.held.has(path) && local) settled.set(path, local);
  }
  return items;
}

async function loadTexts(repo: GitRepository, items: Item[], texts: Map<string, string>): Promise<void> {
  const wanted = new Set<string>();
  for (const item of items) {
    for (const oid of [item.local, item.authority && isReadable(item.authority) ? item.authority.oid : null]) {
      if (oid && !texts.has(oid)) wanted.add(oid);
    }
  }
  for (const [oid, text] of await repo.readBlobs(wanted)) texts.set(oid, text);
}

function isReadable(ref: RefInfo): boolean {
  return ref.type === 'blob' && ref.size <= maxRecordBytes;
}

/** Makes the local claim file `next` (or removes it), only while it still holds what was read. */
function replaceLocal(
  input: ClaimReconcileInput,
  item: Item,
  next: string | null,
  texts: Map<string, string>,
): boolean {
  const path = input.ctx.layout.claimFile(item.type, item.name);
  const current = item.local ? texts.get(item.local) : undefined;
  if (item.local && current === undefined) return false;
  return replaceClaimFile(path, current, next);
}
