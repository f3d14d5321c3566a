import { AuthorityOffline, RemoteAuthority, type ClaimAuthority } from './claimAuthority';
import { readSyncState, remoteHoldsOwnTree } from './syncState';
import { ownWriterId } from './syncWriter';
import { claimAuthorityMode } from './claimAuthorityMode';
import { claimOf } from './claimBlob';
import { classifyClaim, decideClaim, leaseOf, sameLease } from './claimTable';
import {
  forgetClaimRefStates,
  observedRef,
  readClaimRefState,
  writeClaimRefState,
  type ClaimRefState,
} from './claimRefState';
import { replaceClaimFile, withdrawLeaseFile } from './claimWithdraw';
import { holdClaimFile } from '../store/fileMutation';
import type { CoordContext } from '../records/context';
import { claimRefProblem } from './gitNames';
import { renewalsDue } from './renewalsDue';
import type { GitRepository } from './gitRepository';
import { GitRunner, GitUnavailableError } from './gitRunner';
import type { Claim } from '../records/claim';
import { holderFreesClaim, sessionIsLocal } from './sessionFacts';
import { claimPath } from './syncPaths';
import { openSyncRepository } from './syncRound';
import { checkPathClaim } from './pathClaimCheck';
import { pathClaimType } from '../claims/pathClaims';
import type { SyncSettings } from './syncSettings';
import { toJson } from '../store/atomicFile';
import { readBoundedFile } from '../records/recordReader';

export type ConfirmResult =
  /** The authority holds this lease: no other computer can take it while it is renewed. */
  | { confirmation: 'confirmed'; authority: string }
  /** Not answered yet (no reachable remote): a pending intent, not a hold; the next sync confirms or withdraws it. */
  | { confirmation: 'pending'; reason: string }
  /** Another computer holds it (`winner`), or ours was released there (or `reason`); the local claim was withdrawn. */
  | { confirmation: 'lost'; authority: string; winner?: Claim; reason?: string }
  /** The claim file in this repository's one live tree is the authority (no remote): taken is held. */
  | { confirmation: 'local'; reason: string };

const maxAttempts = 3;

/**
 * Confirms a claim just taken (or renewed) here on its authority before the front end answers. With no remote the
 * file's exclusive create already decided it, and no git process starts. With a remote, the claim's ref is
 * compare-and-swapped as the state table says (claimTable.ts): optimistically over the value this tree last knew,
 * and after a fresh look when that failed; every step but a publish is taken only on a fresh look.
 */
export async function confirmClaim(
  ctx: CoordContext,
  settings: SyncSettings,
  claim: Claim,
  raw: string,
): Promise<ConfirmResult> {
  const mode = await claimAuthorityMode(ctx, settings);
  if (mode.kind === 'tree') {
    if (mode.noRemote) forgetClaimRefStates(ctx.layout);
    return { confirmation: 'local', reason: mode.reason };
  }
  const { type, name } = claim;
  const refProblem = claimRefProblem(type, name);
  if (refProblem)
    return pending(ctx, claim, readClaimRefState(ctx.layout, type, name), `claim ${type}/${name} ${refProblem}`);
  // Written ahead of any push: a process killed after its push still leaves the lease known as this tree's.
  let state: ClaimRefState = { ...readClaimRefState(ctx.layout, type, name), ownLease: leaseOf(claim) };
  writeClaimRefState(ctx.layout, type, name, state);
  try {
    const [{ repo, authority }, oid] = await Promise.all([
      openSyncRepository(ctx, mode.checkout, settings),
      hashClaim(ctx, raw),
    ]);
    const key = `${type}/${name}`;
    const path = claimPath(type, name);
    const texts = new Map([[oid, raw]]);
    // Optimistic: expect the value this tree last knew (none for a claim never seen), since the compare-and-swap
    // itself checks it; a push is the only step taken without a fresh look.
    let authorityOid: string | null | undefined = state.ref ?? null;
    let observed = false;
    let lastAnswer: string | undefined;
    for (let attempt = 0; attempt <= maxAttempts; attempt++) {
      if (authorityOid === undefined) {
        authorityOid = (await authority.observeClaims([{ key, type, name }])).get(key)?.oid ?? null;
        state = observedRef(state, authorityOid, ctx.clock.now());
        observed = true;
      }
      for (const [o, text] of await repo.readBlobs(
        [authorityOid].filter((o): o is string => typeof o === 'string' && !texts.has(o)),
      ))
        texts.set(o, text);
      const theirs = claimOf(path, authorityOid, texts);
      let action = decideClaim(
        classifyClaim({
          local: { oid, claim },
          authority: authorityOid ? { oid: authorityOid, ...(theirs ? { claim: theirs } : {}) } : null,
          ...(state.lease ? { knownLease: state.lease } : {}),
          ownLease: leaseOf(claim),
          authoritySeenAt: state.refSeenAt ?? ctx.clock.now(),
          now: ctx.clock.now(),
          defaultTtlSeconds: ctx.config.defaultTtlSeconds,
          isOwnSession: (id) => sessionIsLocal(ctx, id),
          holderDone: (id) => holderFreesClaim(ctx, id, state.refSeenAt),
        }),
      );
      // A lease of ours missing from a remote that no longer holds this tree's last published tree (emptied,
      // replaced) was not released there: it is published again, as a sync round does.
      if (
        action === 'withdraw' &&
        observed &&
        authorityOid === null &&
        !(await remoteKnowsThisTree(ctx, authority, settings))
      )
        action = 'publish';
      if (action === 'publish') {
        // Held at these bytes during the push, so a release of them cannot land first and be undone by it.
        const hold = holdClaimFile(ctx.layout.claimFile(type, name), raw);
        if (hold === 'changed')
          return pending(
            ctx,
            claim,
            state,
            'the claim changed here while it was being confirmed; the next sync decides',
          );
        if (hold === 'busy')
          return pending(ctx, claim, state, 'the claim is being changed here; the next sync decides');
        let outcome;
        try {
          outcome = (await authority.casClaims([{ key, type, name, expect: authorityOid, next: oid }])).get(key);
        } finally {
          hold.release();
        }
        if (outcome?.kind === 'done') {
          state = { ...state, ref: oid, refSeenAt: ctx.clock.now() };
          // A renewal of a lease known held here was checked when that lease was new on the authority.
          if (sameLease(state.lease, leaseOf(claim))) return confirmed(ctx, claim, oid, state, authority);
          return checkedConfirmation(ctx, repo, authority, claim, oid, state);
        }
        if (outcome?.kind === 'refused') return pending(ctx, claim, state, outcome.reason);
        lastAnswer = outcome?.kind === 'moved' ? outcome.summary : undefined;
        authorityOid = undefined;
        continue;
      }
      if (!observed) {
        authorityOid = undefined;
        continue;
      }
      // Published by a sync round meanwhile: a lease not yet known held here is checked as if published now.
      if (action === 'settled')
        return sameLease(state.lease, leaseOf(claim))
          ? confirmed(ctx, claim, oid, state, authority)
          : checkedConfirmation(ctx, repo, authority, claim, oid, state);
      // Withdraw (another live lease holds it, or ours was released there) or adopt (not this tree's to take).
      return withdraw(ctx, repo, authority, claim, authorityOid, theirs, state);
    }
    return pending(
      ctx,
      claim,
      state,
      `the claim kept changing on ${authority.label}${lastAnswer ? ` (last answer: ${lastAnswer})` : ''}; the next sync decides`,
    );
  } catch (error) {
    if (error instanceof AuthorityOffline || error instanceof GitUnavailableError)
      return pending(ctx, claim, state, error.message);
    throw error;
  }
}

/** Whether the remote holds the tree this computer last published there (or this tree never published one). */
async function remoteKnowsThisTree(
  ctx: CoordContext,
  authority: ClaimAuthority,
  settings: SyncSettings,
): Promise<boolean> {
  if (!(authority instanceof RemoteAuthority)) return true;
  const state = readSyncState(ctx.layout);
  if (remoteHoldsOwnTree(state, settings.branch, null)) return true; // never published: nothing to ask
  return remoteHoldsOwnTree(state, settings.branch, await authority.treeTip(ownWriterId(ctx.layout, ctx.host)));
}

function hashClaim(ctx: CoordContext, raw: string): Promise<string> {
  return new GitRunner(ctx.layout.root)
    .run(['hash-object', '-w', '--no-filters', '--stdin'], { input: raw })
    .then((out) => out.trim());
}

async function withdraw(
  ctx: CoordContext,
  repo: GitRepository,
  authority: ClaimAuthority,
  claim: Claim,
  winnerOid: string | null,
  winner: Claim | undefined,
  state: ClaimRefState,
): Promise<ConfirmResult> {
  const winnerText = winnerOid && winner ? ((await repo.readBlobs([winnerOid])).get(winnerOid) ?? null) : null;
  await withdrawLeaseFile(ctx.layout.claimFile(claim.type, claim.name), leaseOf(claim), winnerText);
  const { ownLease: _own, pendingReason: _reason, ...rest } = state;
  writeClaimRefState(ctx.layout, claim.type, claim.name, {
    ...rest,
    lease: winner ? leaseOf(winner) : undefined,
    ...(winner ? { renewedAt: winner.renewedAt } : {}),
  });
  const reason = winner
    ? {}
    : winnerOid
      ? {
          reason: 'its ref there does not hold a valid claim (it counts as held until its default lease runs out here)',
        }
      : {};
  return { confirmation: 'lost', authority: authority.label, ...(winner ? { winner } : {}), ...reason };
}

/**
 * A lease new on the authority is confirmed once no overlapping path claim stands against it (pathClaimCheck.ts);
 * while it cannot be looked at, it is pending — never withdrawn for that — and the next sync round looks.
 */
async function checkedConfirmation(
  ctx: CoordContext,
  repo: GitRepository,
  authority: ClaimAuthority,
  claim: Claim,
  oid: string,
  state: ClaimRefState,
): Promise<ConfirmResult> {
  if (claim.type !== pathClaimType) return confirmed(ctx, claim, oid, state, authority);
  const check = await checkPathClaim(ctx, repo, authority, claim, oid, { tell: false, waitMs: checkWaitMs });
  if (check.kind === 'clear') return confirmed(ctx, claim, oid, state, authority);
  if (check.kind === 'yielded') return { confirmation: 'lost', authority: authority.label, winner: check.winner };
  if (check.kind === 'gone')
    return {
      confirmation: 'lost',
      authority: authority.label,
      reason: 'a sync round withdrew it meanwhile (its holder was sent a message saying why)',
    };
  return pending(
    ctx,
    claim,
    { ...state, ref: oid, refSeenAt: state.ref === oid ? (state.refSeenAt ?? ctx.clock.now()) : ctx.clock.now() },
    check.reason,
  );
}

/** How long `coord claim` waits for a sync round's check of the same lease before answering "pending". */
const checkWaitMs = 3_000;

function confirmed(
  ctx: CoordContext,
  claim: Claim,
  oid: string,
  state: ClaimRefState,
  authority: ClaimAuthority,
): ConfirmResult {
  writeClaimRefState(ctx.layout, claim.type, claim.name, {
    ref: oid,
    refSeenAt: state.ref === oid ? (state.refSeenAt ?? ctx.clock.now()) : ctx.clock.now(),
    lease: leaseOf(claim),
    renewedAt: claim.renewedAt,
    ownLease: leaseOf(claim),
  });
  return { confirmation: 'confirmed', authority: authority.label };
}

function pending(ctx: CoordContext, claim: Claim, state: ClaimRefState, reason: string): ConfirmResult {
  // The state file marks this checkout as one that confirms claims, so views show "pending" until a sync answers.
  writeClaimRefState(ctx.layout, claim.type, claim.name, { ...state, ownLease: leaseOf(claim), pendingReason: reason });
  return { confirmation: 'pending', reason };
}

/**
 * Deletes the refs of claims just released here, each by compare-and-swap on the value this tree last knew, so
 * other computers can take them at once. A ref that moved is looked up once more (a renewal this tree published
 * and did not record); one that still holds another lease, or a remote that cannot be reached, is left to the next
 * round, which finishes the release (a lease of this tree on the authority with no file here is deleted).
 */
export async function confirmReleases(
  ctx: CoordContext,
  settings: SyncSettings,
  claims: Claim[],
): Promise<'released' | 'pending' | 'local'> {
  if (claims.length === 0) return 'released';
  const mode = await claimAuthorityMode(ctx, settings);
  if (mode.kind === 'tree') return 'local';
  const items = claims.map((claim) => ({
    claim,
    key: `${claim.type}/${claim.name}`,
    state: readClaimRefState(ctx.layout, claim.type, claim.name),
  }));
  try {
    const { repo, authority } = await openSyncRepository(ctx, mode.checkout, settings);
    let open = items.filter((i) => i.state.ref !== undefined);
    const unknown = items.filter((i) => i.state.ref === undefined);
    let all = true;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt === 1 || unknown.length > 0) {
        const look = attempt === 1 ? open : unknown;
        const seen = await authority.observeClaims(
          look.map((i) => ({ key: i.key, type: i.claim.type, name: i.claim.name })),
        );
        const texts = await repo.readBlobs([...seen.values()].flatMap((r) => (r && r.type === 'blob' ? [r.oid] : [])));
        for (const item of look) {
          const ref = seen.get(item.key) ?? null;
          const theirs = claimOf(claimPath(item.claim.type, item.claim.name), ref?.oid, texts);
          // Only a lease of ours is ours to delete; another's (or none) means there is nothing left to release.
          item.state = {
            ...item.state,
            ref: ref && theirs && sameLease(leaseOf(theirs), leaseOf(item.claim)) ? ref.oid : null,
          };
        }
        if (attempt === 0) open = [...open, ...unknown];
      }
      const ops = open
        .filter((i) => i.state.ref)
        .map((i) => ({
          key: i.key,
          type: i.claim.type,
          name: i.claim.name,
          expect: i.state.ref as string,
          next: null,
        }));
      for (const item of open.filter((i) => !i.state.ref)) settleReleased(ctx, item.claim);
      const results = await authority.casClaims(ops);
      const moved = open.filter((i) => i.state.ref && results.get(i.key)?.kind !== 'done');
      for (const item of open.filter((i) => i.state.ref && results.get(i.key)?.kind === 'done'))
        settleReleased(ctx, item.claim);
      all = moved.length === 0;
      if (all) break;
      open = moved;
    }
    return all ? 'released' : 'pending';
  } catch (error) {
    if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return 'pending';
    throw error;
  }
}

/** The authority no longer holds this released lease: this tree forgets it (unless the same claim was taken again). */
function settleReleased(ctx: CoordContext, claim: Claim): void {
  const state = readClaimRefState(ctx.layout, claim.type, claim.name);
  if (state.ownLease && !sameLease(state.ownLease, leaseOf(claim))) return;
  writeClaimRefState(ctx.layout, claim.type, claim.name, { ref: null, refSeenAt: ctx.clock.now() });
}

/**
 * Publishes the renewals of claims this tree holds whose lease on the authority is past half its ttl, so that other
 * computers — which judge a lease expired by their own clock from when they first saw it — see a live lease renewed
 * without any loop running. Claims the authority is not known to hold are left to the next round.
 */
export async function publishDueRenewals(
  ctx: CoordContext,
  settings: SyncSettings,
  renewed: Claim[],
): Promise<'published' | 'not-due' | 'pending' | 'local'> {
  const due = renewalsDue(ctx, renewed);
  if (due.length === 0) return 'not-due';
  const mode = await claimAuthorityMode(ctx, settings);
  if (mode.kind === 'tree') return 'local';
  try {
    const { authority } = await openSyncRepository(ctx, mode.checkout, settings);
    const raws = due.map((claim) => toJson(claim));
    const oids = await Promise.all(raws.map((raw) => hashClaim(ctx, raw)));
    const holds = due.map((claim, i) => holdClaimFile(ctx.layout.claimFile(claim.type, claim.name), raws[i] as string));
    const ops = due.flatMap((claim, i) =>
      typeof holds[i] === 'string'
        ? []
        : [
            {
              key: `${claim.type}/${claim.name}`,
              type: claim.type,
              name: claim.name,
              expect: readClaimRefState(ctx.layout, claim.type, claim.name).ref as string,
              next: oids[i] as string,
            },
          ],
    );
    let results;
    try {
      results = await authority.casClaims(ops);
    } finally {
      for (const hold of holds) if (typeof hold !== 'string') hold.release();
    }
    let all = true;
    due.forEach((claim, i) => {
      if (results.get(`${claim.type}/${claim.name}`)?.kind !== 'done') {
        all = false;
        return;
      }
      writeClaimRefState(ctx.layout, claim.type, claim.name, {
        ref: oids[i] as string,
        refSeenAt: ctx.clock.now(),
        lease: leaseOf(claim),
        renewedAt: claim.renewedAt,
        ownLease: leaseOf(claim),
      });
    });
    return all ? 'published' : 'pending';
  } catch (error) {
    if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return 'pending';
    throw error;
  }
}

/**
 * Brings the local projection of another computer's claim up to date with its ref: used when a claim was refused
 * because of a projection, which may be stale (released or taken over there since this tree last synced). Returns
 * whether the file changed; a lease of this tree's own sessions is never touched here.
 */
export async function refreshProjection(
  ctx: CoordContext,
  settings: SyncSettings,
  type: string,
  name: string,
): Promise<boolean> {
  const mode = await claimAuthorityMode(ctx, settings);
  if (mode.kind === 'tree' || claimRefProblem(type, name)) return false;
  const path = ctx.layout.claimFile(type, name);
  const read = readClaimFileRaw(path);
  if (read === undefined) return false;
  try {
    const { repo, authority } = await openSyncRepository(ctx, mode.checkout, settings);
    const key = `${type}/${name}`;
    const ref = (await authority.observeClaims([{ key, type, name }])).get(key) ?? null;
    const texts = ref && ref.type === 'blob' ? await repo.readBlobs([ref.oid]) : new Map<string, string>();
    const next = ref ? texts.get(ref.oid) : undefined;
    const theirs = claimOf(claimPath(type, name), ref?.oid, texts);
    if (ref && !theirs) return false;
    const current = claimOf(claimPath(type, name), 'local', new Map([['local', read]]));
    if (!current || sessionIsLocal(ctx, current.holder) || next === read) return false;
    const state = observedRef(readClaimRefState(ctx.layout, type, name), ref?.oid ?? null, ctx.clock.now());
    if (!replaceClaimFile(path, read, next ?? null)) return false;
    writeClaimRefState(
      ctx.layout,
      type,
      name,
      theirs
        ? {
            ref: ref?.oid ?? null,
            refSeenAt: state.refSeenAt ?? ctx.clock.now(),
            lease: leaseOf(theirs),
            renewedAt: theirs.renewedAt,
          }
        : { ref: null, refSeenAt: ctx.clock.now() },
    );
    return true;
  } catch (error) {
    if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return false;
    throw error;
  }
}

function readClaimFileRaw(path: string): string | undefined {
  const read = readBoundedFile(path);
  return read.ok ? read.raw : undefined;
}
