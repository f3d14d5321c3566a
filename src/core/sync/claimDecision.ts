import type { Claim } from '../schemas/claim';
import { parseTreeFile } from './syncRecords';

/** One version of a claim: its blob id (null: no claim) and, when the blob is a valid claim, the claim. */
export interface ClaimSide {
  oid: string | null;
  claim?: Claim;
}

export interface ClaimDecisionInput {
  /** The claim file in this checkout now. */
  local: ClaimSide;
  /** The claim file as the last sync left it (the base commit). */
  baseOid: string | null;
  /** The authority's value as this checkout last knew it (undefined: never seen). */
  knownOid: string | null | undefined;
  /** The version this checkout's change was made over: the known authority value, else the base. */
  expected: ClaimSide;
  /** The authority's value now. */
  authority: ClaimSide;
  /** When this computer first saw the authority's value (its own clock). */
  authoritySeenAt: number;
  /** The lease this computer last knew the authority to hold (confirmed here, or adopted from it), if any. */
  knownLease?: { holder: string; acquiredAt: string };
  now: number;
  defaultTtlSeconds: number;
  /** Whether a session is known to have ended (an explicit fact, unlike liveness judged from clocks). */
  holderEnded(holder: string): boolean;
  /** Whether a session runs on this computer, so that its claims are judged by this computer's clock anyway. */
  holderLocal(holder: string): boolean;
}

export type ClaimDecision =
  /** The authority already holds exactly the local claim (or both have none). */
  | { action: 'confirmed' }
  /** Nothing changed here since the last sync: the authority's value becomes the local one. */
  | { action: 'adopt' }
  /** A local change to publish by compare-and-swap: the authority must still hold `expect`. */
  | { action: 'push'; expect: string | null; next: string | null }
  /** The local claim lost: another lease is live on the authority (`winner`), or ours was released there. */
  | { action: 'withdraw'; winner?: Claim; releasedElsewhere?: boolean };

/**
 * What to do with one claim in a sync round or a confirmation. The authority's ref is the truth; a local change
 * (take, renew, takeover, release) is published only over the value it was made over, or over a value that is
 * the same lease or that this computer judges expired by its own clock.
 */
export function decideClaim(input: ClaimDecisionInput): ClaimDecision {
  const { local, authority, expected } = input;
  if (local.oid === authority.oid) return { action: 'confirmed' };
  // A lease confirmed here (the ref state knows it) that no sync has carried into the base yet, and whose file
  // is gone here: released here since. Without this, "absent here, absent in the base" reads as no change, and
  // the round would bring the released claim back from the authority.
  const releasedSinceConfirmed = local.oid === null && input.baseOid === null && input.knownLease !== undefined
    && authority.claim !== undefined && sameLease(input.knownLease, authority.claim);
  const localChange = (local.oid !== input.baseOid && local.oid !== input.knownOid) || releasedSinceConfirmed;
  if (!localChange) return { action: 'adopt' };

  if (local.oid !== null) {
    const mine = local.claim;
    if (!mine) return { action: 'adopt' };
    // The authority held this very lease and no longer does: someone released it there (a force-release). Even
    // when no sync had carried it into the base yet, it is not published again.
    if (authority.oid === null && input.knownLease && sameLease(input.knownLease, mine)) return { action: 'withdraw', releasedElsewhere: true };
    if (authority.oid === expected.oid) {
      // Nobody changed the ref since our change was made; a takeover must still be judged by our own clock.
      if (authority.oid === null || sameHolder(authority.claim, mine) || isFreeHere(input)) return { action: 'push', expect: authority.oid, next: local.oid };
      return { action: 'withdraw', ...(authority.claim ? { winner: authority.claim } : {}) };
    }
    if (authority.oid === null) {
      // Our own lease vanished from the authority: it was released there (force-release). Anything else is free.
      if (expected.claim && sameLease(expected.claim, mine)) return { action: 'withdraw', releasedElsewhere: true };
      return { action: 'push', expect: null, next: local.oid };
    }
    if (authority.claim && sameLease(authority.claim, mine)) return { action: 'push', expect: authority.oid, next: local.oid };
    if (isFreeHere(input)) return { action: 'push', expect: authority.oid, next: local.oid };
    return { action: 'withdraw', ...(authority.claim ? { winner: authority.claim } : {}) };
  }

  // A local release (or force-release, or the health loop freeing what it judged free).
  if (authority.oid === null) return { action: 'confirmed' };
  // Another computer's live lease is not freed by a judgement made here from its timestamps or heartbeat age
  // (clocks differ): the deletion does not travel, and the claim comes back.
  const held = authority.claim;
  if (!(held && input.holderLocal(held.holder)) && !isFreeHere(input)) return { action: 'adopt' };
  // A lease of a session on this computer (released by it, or force-released here, which told it), or one this
  // computer judges free: the deletion travels, by compare-and-swap on the value seen, even when no sync had
  // carried that lease into the base yet (a claim confirmed by `coord claim` between two rounds).
  return { action: 'push', expect: authority.oid, next: null };
}

/** Expired by this computer's clock, counted from when it first saw this value; or its holder ended. */
function isFreeHere(input: ClaimDecisionInput): boolean {
  const held = input.authority.claim;
  if (held && input.holderEnded(held.holder)) return true;
  const ttl = held?.ttl ?? input.defaultTtlSeconds;
  return input.now >= input.authoritySeenAt + ttl * 1000;
}

function sameHolder(a: Claim | undefined, b: Claim): boolean {
  return a?.holder === b.holder;
}

function sameLease(a: { holder: string; acquiredAt: string }, b: { holder: string; acquiredAt: string }): boolean {
  return a.holder === b.holder && a.acquiredAt === b.acquiredAt;
}

/** A claim version from its blob id and the loaded blob texts; an unreadable or invalid blob has no claim. */
export function claimSideOf(path: string, oid: string | null | undefined, texts: Map<string, string>): ClaimSide {
  if (!oid) return { oid: null };
  const text = texts.get(oid);
  const parsed = text === undefined ? undefined : parseTreeFile(path, text);
  return parsed && typeof parsed !== 'string' && parsed.kind === 'claim' ? { oid, claim: parsed.value } : { oid };
}
