import type { ClaimAuthority } from './claimAuthority';
import { claimOf } from './claimBlob';
import { leaseOf, readClaimRefState, writeClaimRefState } from './claimRefState';
import { withdrawLeaseFile } from './claimWithdraw';
import type { CoordContext } from '../records/context';
import type { GitRepository } from './gitRepository';
import { sendMessage } from '../messages/messages';
import { pathClaimType } from '../claims/pathClaims';
import { globsOverlap } from '../records/pathGlob';
import { maxRecordBytes } from '../records/recordReader';
import type { Claim } from '../records/claim';
import { holderFreesClaim } from './sessionFacts';
import { claimPath } from './syncPaths';

/**
 * Path claims across computers. Each computer refuses overlaps among the claims it knows, but two computers may
 * claim overlapping globs (different refs, so no compare-and-swap between them) before either has heard of the
 * other. So right after a path claim of ours is newly published on the authority, we look at every path claim the
 * authority holds, and if a live one of another session overlaps ours, ours yields: it is withdrawn.
 *
 * Why the one that looks yields, whoever claimed first: of two racing publishes, the one that looks second sees
 * the other (each looks after its own publish, and the authority orders them), so at least one yields and two
 * overlapping claims never both stand. At worst both yield and both agents claim again.
 */
export async function overlappingPathClaim(
  ctx: CoordContext,
  repo: GitRepository,
  authority: ClaimAuthority,
  ours: Claim,
): Promise<Claim | undefined> {
  if (ours.type !== pathClaimType || ours.glob === undefined) return undefined;
  const refs = await authority.observeClaimsOfType(pathClaimType);
  const candidates = [...refs].filter(
    ([key, ref]) => key !== `${ours.type}/${ours.name}` && ref.type === 'blob' && ref.size <= maxRecordBytes,
  );
  if (candidates.length === 0) return undefined;
  const texts = await repo.readBlobs(candidates.map(([, ref]) => ref.oid));
  const now = ctx.clock.now();
  for (const [key, ref] of candidates) {
    const name = key.slice(pathClaimType.length + 1);
    const theirs = claimOf(claimPath(pathClaimType, name), ref.oid, texts);
    if (!theirs?.glob || theirs.holder === ours.holder) continue;
    if (ours.shared && theirs.shared) continue;
    if (!globsOverlap(theirs.glob, ours.glob)) continue;
    // Another computer's lease is judged expired (or its gone holder's claim free) by this computer's clock, from
    // when it first saw that value (as decideClaim does), never by another clock's timestamps: a value not seen
    // before counts as live.
    const seen = readClaimRefState(ctx.layout, pathClaimType, name);
    const seenAt = seen.ref === ref.oid ? seen.refSeenAt : undefined;
    if (holderFreesClaim(ctx, theirs.holder, seenAt)) continue;
    if (seenAt !== undefined && now >= seenAt + theirs.ttl * 1000) continue;
    return theirs;
  }
  return undefined;
}

/**
 * Withdraws our path claim that yielded to `winner`: its ref goes
 * from the authority (only if it still holds what we published), the local file goes (while it holds our lease,
 * in any renewal), and — when nobody is waiting for the answer, as in a sync round — the holder is told by message.
 * Returns whether the local file went.
 */
export async function yieldPathClaim(
  ctx: CoordContext,
  authority: ClaimAuthority,
  ours: Claim,
  oid: string,
  winner: Claim,
  tell: boolean,
): Promise<boolean> {
  const key = `${ours.type}/${ours.name}`;
  // The file first, then the ref: a round in between sees a lease of this tree with no file, a release it finishes,
  // rather than a confirmed lease gone from the authority (which it would withdraw and tell the holder twice).
  const gone = await withdrawLeaseFile(ctx.layout.claimFile(ours.type, ours.name), leaseOf(ours), null);
  let removed = false;
  try {
    removed =
      (await authority.casClaims([{ key, type: ours.type, name: ours.name, expect: oid, next: null }])).get(key)
        ?.kind === 'done';
  } catch {
    // Unreachable just now: the next sync carries that release of our own lease.
  }
  // A ref left behind keeps our lease in the state, so the next round deletes it rather than adopting it back.
  writeClaimRefState(
    ctx.layout,
    ours.type,
    ours.name,
    removed
      ? { ref: null, refSeenAt: ctx.clock.now() }
      : { ref: oid, refSeenAt: ctx.clock.now(), lease: leaseOf(ours), ownLease: leaseOf(ours) },
  );
  if (!tell) return gone;
  try {
    sendMessage(
      ctx,
      ours.holder,
      ours.holder,
      `Claim path ${ours.glob} withdrawn: ${winner.holder} holds overlapping path ${winner.glob}`,
      `Your claim of path ${ours.glob} (taken ${ours.acquiredAt}) overlaps path ${winner.glob}, which ${winner.holder} holds on ${authority.label} since ${winner.acquiredAt}${winner.reason ? ` (${winner.reason})` : ''}. Your claim was withdrawn; claim files that do not overlap, or message ${winner.holder}.`,
      { priority: 'high', allowGone: true },
    );
  } catch {
    // The holder's session ended or is not on this computer: there is nobody here to tell.
  }
  return gone;
}
