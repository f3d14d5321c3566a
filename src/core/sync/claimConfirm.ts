import { AuthorityOffline, type ClaimAuthority } from './claimAuthority';
import { claimSideOf, decideClaim, type ClaimSide } from './claimDecision';
import { leaseOf, observedRef, readClaimRefState, writeClaimRefState, type ClaimRefState } from './claimRefState';
import { replaceClaimFile } from './claimWithdraw';
import type { CoordContext } from '../files/context';
import { findGitCheckout } from './gitCheckout';
import { claimRefProblem } from './gitNames';
import type { GitRepository } from './gitRepository';
import { GitRunner, GitUnavailableError } from './gitRunner';
import type { Claim } from '../schemas/claim';
import { sessionEnded, sessionIsLocal } from './sessionFacts';
import { claimPath } from './syncPaths';
import { openSyncRepository } from './syncRound';
import { overlappingPathClaim, uncheckedReason, yieldPathClaim } from './pathClaimYield';
import type { SyncSettings } from './syncSettings';

export type ConfirmResult =
  /** The authority holds this lease: no other computer can take it while it is renewed. */
  | { confirmation: 'confirmed'; authority: string }
  /** Not answered yet (no reachable remote): the next sync confirms or withdraws it. */
  | { confirmation: 'pending'; reason: string }
  /** Another computer holds it (`winner`), or ours was released there (or `reason`); the local claim was withdrawn. */
  | { confirmation: 'lost'; authority: string; winner?: Claim; reason?: string }
  /** Not carried by git at all (not a repository, or sync turned off): the claim is this computer's alone. */
  | { confirmation: 'local'; reason: string };

const maxAttempts = 3;

/**
 * Confirms a claim just taken here by compare-and-swap of its ref on the authority, before the CLI answers:
 * the push expects the ref as this checkout last knew it (absent for a new claim); when someone else moved it,
 * the ref is read again and the same rules as a sync round decide.
 */
export async function confirmClaim(ctx: CoordContext, settings: SyncSettings, claim: Claim, raw: string): Promise<ConfirmResult> {
  if (!settings.enabled) return { confirmation: 'local', reason: 'sync is turned off' };
  const checkout = findGitCheckout(ctx.layout.root);
  if (!checkout) return { confirmation: 'local', reason: 'the tree is not in a git repository' };
  const { type, name } = claim;
  const refProblem = claimRefProblem(type, name);
  if (refProblem) return pending(ctx, claim, {}, `claim ${type}/${name} ${refProblem}`);
  let state = readClaimRefState(ctx.layout, type, name);
  try {
    // Storing the blob does not depend on where it goes: both run at once.
    const [{ repo, authority }, oid] = await Promise.all([openSyncRepository(ctx, checkout, settings), hashClaim(ctx, raw)]);
    const key = `${type}/${name}`;
    const path = claimPath(type, name);
    const local: ClaimSide = { oid, claim };
    // Optimistic when our knowledge says the ref is free or already ours; otherwise look first.
    let authorityOid: string | null | undefined = state.ref === undefined || state.ref === null || sameLease(state, claim) ? state.ref ?? null : undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (authorityOid === undefined) {
        authorityOid = (await authority.observeClaims([{ key, type, name }])).get(key)?.oid ?? null;
        state = observedRef(state, authorityOid, ctx.clock.now());
      }
      const texts = await repo.readBlobs([authorityOid, state.ref].filter((o): o is string => typeof o === 'string'));
      const side = (o: string | null | undefined): ClaimSide => claimSideOf(path, o, texts);
      const decision = decideClaim({
        local, baseOid: null, knownOid: state.ref, expected: side(state.ref), authority: side(authorityOid),
        authoritySeenAt: state.refSeenAt ?? ctx.clock.now(), now: ctx.clock.now(), defaultTtlSeconds: ctx.config.defaultTtlSeconds,
        ...(state.lease ? { knownLease: state.lease } : {}),
        holderEnded: (holder) => sessionEnded(ctx, holder),
        holderLocal: (holder) => sessionIsLocal(ctx, holder),
      });
      if (decision.action === 'confirmed') return confirmed(ctx, claim, oid, state, authority);
      if (decision.action === 'push') {
        const outcome = (await authority.casClaims([{ key, type, name, expect: decision.expect, next: oid }])).get(key);
        if (outcome?.kind === 'done') {
          // Kept only once known not to overlap: a check that fails withdraws it too (pathClaimYield.ts).
          const overlap = await overlappingPathClaim(ctx, repo, authority, claim).then((winner) => ({ winner }), () => ({ unchecked: true as const }));
          if ('unchecked' in overlap || overlap.winner) {
            await yieldPathClaim(ctx, authority, claim, raw, oid, 'winner' in overlap ? overlap.winner : undefined, false);
            return { confirmation: 'lost', authority: authority.label, ...('winner' in overlap && overlap.winner ? { winner: overlap.winner } : { reason: uncheckedReason }) };
          }
          return confirmed(ctx, claim, oid, { ...state, ref: oid, refSeenAt: ctx.clock.now() }, authority);
        }
        if (outcome?.kind === 'refused') return pending(ctx, claim, state, outcome.reason);
        authorityOid = undefined;
        continue;
      }
      if (decision.action === 'withdraw') return withdraw(ctx, repo, authority, claim, raw, authorityOid, state, decision.winner);
      break;
    }
    return pending(ctx, claim, state, `the claim kept changing on ${authority.label}; the next sync decides`);
  } catch (error) {
    if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return pending(ctx, claim, state, error.message);
    throw error;
  }
}

function hashClaim(ctx: CoordContext, raw: string): Promise<string> {
  return new GitRunner(ctx.layout.root).run(['hash-object', '-w', '--no-filters', '--stdin'], { input: raw }).then((out) => out.trim());
}

async function withdraw(ctx: CoordContext, repo: GitRepository, authority: ClaimAuthority, claim: Claim, raw: string, winnerOid: string | null, state: ClaimRefState, winner: Claim | undefined): Promise<ConfirmResult> {
  const winnerText = winnerOid && winner ? (await repo.readBlobs([winnerOid])).get(winnerOid) ?? null : null;
  replaceClaimFile(ctx.layout.claimFile(claim.type, claim.name), raw, winnerText);
  writeClaimRefState(ctx.layout, claim.type, claim.name, { ...state, lease: winner ? leaseOf(winner) : undefined, pendingReason: undefined });
  return { confirmation: 'lost', authority: authority.label, ...(winner ? { winner } : {}) };
}

function confirmed(ctx: CoordContext, claim: Claim, oid: string, state: ClaimRefState, authority: ClaimAuthority): ConfirmResult {
  writeClaimRefState(ctx.layout, claim.type, claim.name, { ref: oid, refSeenAt: state.ref === oid ? state.refSeenAt ?? ctx.clock.now() : ctx.clock.now(), lease: leaseOf(claim) });
  return { confirmation: 'confirmed', authority: authority.label };
}

function pending(ctx: CoordContext, claim: Claim, state: ClaimRefState, reason: string): ConfirmResult {
  // The state file marks this checkout as one that confirms claims, so views show "pending" until a sync answers.
  writeClaimRefState(ctx.layout, claim.type, claim.name, { ...state, pendingReason: reason });
  return { confirmation: 'pending', reason };
}

function sameLease(state: ClaimRefState, claim: Claim): boolean {
  return state.lease?.holder === claim.holder && state.lease.acquiredAt === claim.acquiredAt;
}



/**
 * Deletes the refs of claims just released here, each with a lease on the value this checkout confirmed, so
 * other computers can take them at once. A ref that moved, or a remote that cannot be reached, is left to the
 * next sync round, which decides with the same rules.
 */
export async function confirmReleases(ctx: CoordContext, settings: SyncSettings, claims: Claim[]): Promise<'released' | 'pending' | 'local'> {
  if (!settings.enabled) return 'local';
  const checkout = findGitCheckout(ctx.layout.root);
  if (!checkout) return 'local';
  const ops = claims.flatMap((claim) => {
    const state = readClaimRefState(ctx.layout, claim.type, claim.name);
    return sameLease(state, claim) && state.ref ? [{ key: `${claim.type}/${claim.name}`, type: claim.type, name: claim.name, expect: state.ref, next: null }] : [];
  });
  if (ops.length === 0) return 'pending';
  try {
    const { authority } = await openSyncRepository(ctx, checkout, settings);
    const results = await authority.casClaims(ops);
    let all = true;
    for (const op of ops) {
      if (results.get(op.key)?.kind === 'done') writeClaimRefState(ctx.layout, op.type, op.name, { ref: null, refSeenAt: ctx.clock.now() });
      else all = false;
    }
    return all ? 'released' : 'pending';
  } catch (error) {
    if (error instanceof AuthorityOffline || error instanceof GitUnavailableError) return 'pending';
    throw error;
  }
}
