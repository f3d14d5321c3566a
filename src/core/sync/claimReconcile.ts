import type { AuthorityView, ClaimAuthority, ClaimCas } from './claimAuthority';
import { claimSideOf, decideClaim, type ClaimDecision, type ClaimSide } from './claimDecision';
import { leaseOf, observedRef, readClaimRefState, removeClaimRefState, writeClaimRefState, type ClaimRefState } from './claimRefState';
import { replaceClaimFile, withdrawClaim } from './claimWithdraw';
import type { CoordContext } from '../files/context';
import type { Diagnostic } from '../files/diagnostics';
import type { GitRepository, RefInfo, TreeEntries } from './gitRepository';
import { maxRecordBytes } from '../files/recordReader';
import type { Claim } from '../schemas/claim';
import { sessionEnded, sessionIsLocal } from './sessionFacts';
import { claimPath, treePathKind } from './syncPaths';
import { pathClaimType } from '../claims/pathClaims';
import { overlappingPathClaim, yieldPathClaim } from './pathClaimYield';

export interface ClaimReconcileInput {
  ctx: CoordContext;
  repo: GitRepository;
  authority: ClaimAuthority;
  view: AuthorityView;
  base: TreeEntries;
  ours: TreeEntries;
  /** Local files held back this round (bad records, files changed while read). */
  held: Set<string>;
}

export interface ClaimReconcileResult {
  /** Claim files for the merged tree, by path. */
  entries: TreeEntries;
  confirmed: string[];
  lost: { key: string; holder: string; winner?: string }[];
  pending: string[];
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
  base: string | null;
  state: ClaimRefState;
  authority: RefInfo | null;
}

const maxCasRounds = 3;

/**
 * The claims step of a round: every claim that changed here since the last sync is published to the authority
 * by compare-and-swap; a claim that lost is withdrawn and its holder told who won; everything else takes the
 * authority's value. Returns the claim files of the merged tree — exactly the claims the authority holds, plus
 * local ones it has not answered for yet.
 */
export async function reconcileClaims(input: ClaimReconcileInput): Promise<ClaimReconcileResult> {
  const now = input.ctx.clock.now();
  const out: ClaimReconcileResult = { entries: new Map(), confirmed: [], lost: [], pending: [], written: 0, diagnostics: [] };
  const items = collect(input, now, out.entries);
  const texts = new Map<string, string>();
  let open = items;
  const publishedPaths: { item: Item; oid: string }[] = [];
  for (let round = 0; round < maxCasRounds && open.length > 0; round++) {
    await loadTexts(input.repo, open, texts);
    const decided = open.map((item) => ({ item, decision: decideClaim(decisionInput(input, item, texts, now)) }));
    const pushes = decided.filter((d): d is { item: Item; decision: Extract<ClaimDecision, { action: 'push' }> } => d.decision.action === 'push');
    const results = await input.authority.casClaims(pushes.map(({ item, decision }): ClaimCas => ({ key: item.key, type: item.type, name: item.name, expect: decision.expect, next: decision.next })));
    const retry: Item[] = [];
    for (const { item, decision } of decided) {
      if (decision.action === 'push') {
        const outcome = results.get(item.key);
        if (outcome?.kind === 'done') {
          applyPushed(input, item, decision.next, texts, now, out);
          if (item.type === pathClaimType && decision.next !== null) publishedPaths.push({ item, oid: decision.next });
        }
        else if (outcome?.kind === 'refused') keepPending(input, item, outcome.reason, out);
        else retry.push(item);
        continue;
      }
      apply(input, item, decision, texts, out);
    }
    if (retry.length === 0) break;
    // Someone moved those refs between our look and our push: look again and decide again.
    const fresh = await input.authority.observeClaims(retry);
    for (const item of retry) {
      item.authority = fresh.get(item.key) ?? null;
      item.state = observedRef(item.state, item.authority?.oid ?? null, input.ctx.clock.now());
    }
    open = round + 1 < maxCasRounds ? retry : [];
    if (open.length === 0) for (const item of retry) keepPending(input, item, 'the claim kept changing on the authority; tried again next round', out);
  }
  for (const { item, oid } of publishedPaths) await yieldIfOverlapping(input, item, oid, texts, out);
  return out;
}

/** A path claim just published that overlaps another session's live one yields (see pathClaimYield.ts). */
async function yieldIfOverlapping(input: ClaimReconcileInput, item: Item, oid: string, texts: Map<string, string>, out: ClaimReconcileResult): Promise<void> {
  const ours = claimSideOf(item.path, oid, texts).claim;
  const raw = texts.get(oid);
  if (!ours || raw === undefined) return;
  // Kept only once known not to overlap: a check that fails withdraws it too, so no claim goes on unchecked.
  const overlap = await overlappingPathClaim(input.ctx, input.repo, input.authority, ours).then((winner) => ({ winner }), () => ({ winner: undefined, unchecked: true }));
  if (!overlap.winner && !('unchecked' in overlap)) return;
  if (await yieldPathClaim(input.ctx, input.authority, ours, raw, oid, overlap.winner, true)) out.written++;
  out.entries.delete(item.path);
  out.confirmed = out.confirmed.filter((key) => key !== item.key);
  out.lost.push({ key: item.key, holder: ours.holder, ...(overlap.winner ? { winner: overlap.winner.holder } : {}) });
}

/** Not answered this round: the local claim stays as it is (and in the tree), and says why. */
function keepPending(input: ClaimReconcileInput, item: Item, reason: string, out: ClaimReconcileResult): void {
  out.pending.push(item.key);
  out.diagnostics.push({ path: `claim ${item.key}`, reason: `pending: ${reason}` });
  if (item.local) out.entries.set(item.path, item.local);
  writeClaimRefState(input.ctx.layout, item.type, item.name, { ...item.state, pendingReason: reason });
}

function collect(input: ClaimReconcileInput, now: number, settled: TreeEntries): Item[] {
  const keys = new Map<string, { type: string; name: string }>();
  for (const path of [...input.ours.keys(), ...input.base.keys()]) {
    const kind = treePathKind(path);
    if (kind.kind === 'claim') keys.set(`${kind.type}/${kind.name}`, kind);
  }
  for (const key of input.view.claims.keys()) {
    const [type, name] = key.split('/') as [string, string];
    keys.set(key, { type, name });
  }
  const items: Item[] = [];
  for (const [key, { type, name }] of keys) {
    const path = claimPath(type, name);
    const base = input.base.get(path) ?? null;
    const local = input.held.has(path) ? base : input.ours.get(path) ?? null;
    const authority = input.view.claims.get(key) ?? null;
    // Unchanged everywhere since the last round (most claims, most rounds): its state was settled then.
    if (local !== null && local === base && authority?.oid === local) {
      settled.set(path, local);
      continue;
    }
    const state = observedRef(readClaimRefState(input.ctx.layout, type, name), authority?.oid ?? null, now);
    items.push({ key, type, name, path, local, base, state, authority });
  }
  return items;
}

async function loadTexts(repo: GitRepository, items: Item[], texts: Map<string, string>): Promise<void> {
  const wanted = new Set<string>();
  for (const item of items) {
    if (item.local === (item.authority?.oid ?? null)) continue;
    for (const oid of [item.local, item.base, item.state.ref, item.authority && isReadable(item.authority) ? item.authority.oid : null]) {
      if (oid && !texts.has(oid)) wanted.add(oid);
    }
  }
  for (const [oid, text] of await repo.readBlobs(wanted)) texts.set(oid, text);
}

function isReadable(ref: RefInfo): boolean {
  return ref.type === 'blob' && ref.size <= maxRecordBytes;
}


function decisionInput(input: ClaimReconcileInput, item: Item, texts: Map<string, string>, now: number) {
  const known = item.state.ref;
  const expectedOid = known !== undefined ? known : item.base;
  return {
    local: claimSideOf(item.path, item.local, texts),
    baseOid: item.base,
    knownOid: known,
    expected: claimSideOf(item.path, expectedOid, texts),
    authority: claimSideOf(item.path, item.authority?.oid, texts),
    authoritySeenAt: item.state.refSeenAt ?? now,
    ...(item.state.lease ? { knownLease: item.state.lease } : {}),
    now,
    defaultTtlSeconds: input.ctx.config.defaultTtlSeconds,
    holderEnded: (holder: string) => sessionEnded(input.ctx, holder),
    holderLocal: (holder: string) => sessionIsLocal(input.ctx, holder),
  };
}

function applyPushed(input: ClaimReconcileInput, item: Item, next: string | null, texts: Map<string, string>, now: number, out: ClaimReconcileResult): void {
  const { layout } = input.ctx;
  if (next === null) {
    removeClaimRefState(layout, item.type, item.name);
    return;
  }
  const claim = claimSideOf(item.path, next, texts).claim;
  writeClaimRefState(layout, item.type, item.name, { ref: next, refSeenAt: now, ...(claim ? { lease: leaseOf(claim) } : {}) });
  out.entries.set(item.path, next);
  out.confirmed.push(item.key);
}

function apply(input: ClaimReconcileInput, item: Item, decision: ClaimDecision, texts: Map<string, string>, out: ClaimReconcileResult): void {
  const { layout } = input.ctx;
  const authority = claimSideOf(item.path, item.authority?.oid, texts);
  const local = claimSideOf(item.path, item.local, texts);
  if (decision.action === 'confirmed') {
    if (item.local === null) removeClaimRefState(layout, item.type, item.name);
    else {
      writeClaimRefState(layout, item.type, item.name, { ...item.state, ...(local.claim ? { lease: leaseOf(local.claim) } : {}), pendingReason: undefined });
      out.entries.set(item.path, item.local);
    }
    return;
  }
  if (decision.action === 'adopt') {
    if (authority.oid !== null && !authority.claim) {
      // The authority's ref is not a valid claim: report it, keep ours, and never copy it into the tree.
      out.diagnostics.push({ path: `claim ref ${item.key}`, reason: `on ${input.authority.label} does not hold a valid claim (${item.authority?.type}, ${item.authority?.size} bytes); it counts as held until it expires here` });
      if (item.local) out.entries.set(item.path, item.local);
      writeClaimRefState(layout, item.type, item.name, item.state);
      return;
    }
    if (!input.held.has(item.path) && replaceLocal(input, item, authority, texts)) out.written++;
    if (authority.claim) {
      out.entries.set(item.path, authority.oid as string);
      writeClaimRefState(layout, item.type, item.name, { ...item.state, lease: leaseOf(authority.claim) });
    } else removeClaimRefState(layout, item.type, item.name);
    return;
  }
  if (decision.action === 'withdraw') {
    const loser = local.claim as Claim;
    if (replaceLocal(input, item, authority, texts)) out.written++;
    withdrawClaim(input.ctx, loser, decision.winner, input.authority.label);
    out.lost.push({ key: item.key, holder: loser.holder, ...(decision.winner ? { winner: decision.winner.holder } : {}) });
    if (authority.claim) {
      out.entries.set(item.path, authority.oid as string);
      writeClaimRefState(layout, item.type, item.name, { ...item.state, lease: leaseOf(authority.claim) });
    } else writeClaimRefState(layout, item.type, item.name, { ...item.state, lease: undefined });
  }
}

/** Makes the local claim file the authority's version, by compare-and-swap on the bytes the snapshot saw. */
function replaceLocal(input: ClaimReconcileInput, item: Item, authority: ClaimSide, texts: Map<string, string>): boolean {
  const path = input.ctx.layout.claimFile(item.type, item.name);
  const next = authority.claim && authority.oid ? texts.get(authority.oid) ?? null : null;
  const current = item.local ? texts.get(item.local) : undefined;
  if (item.local && current === undefined) return false;
  return replaceClaimFile(path, current, next);
}

