import type { Claim } from '../records/claim';

/**
 * The one state table that decides a claim when a remote is its authority. Every computer asks it the same
 * question in every place a claim meets the authority (`coord claim`'s confirmation, a sync round, a heartbeat's
 * renewal): given what this tree holds, what the authority holds, and how this computer judges the authority's
 * lease, what is the next step? docs/decisions.md has the table in words; test/core/sync/claimTable.test.ts
 * enumerates every cell.
 */

/** What the claim file in this tree is, with respect to the authority. */
export type LocalIntent =
  /** No claim file here. */
  | 'none'
  /** A copy of another computer's lease as the authority held it (written here from the ref). */
  | 'projection'
  /** A lease taken in this tree that the authority is known to have held (confirmed here before). */
  | 'held'
  /** A lease taken in this tree that the authority has not been seen holding: a pending intent. */
  | 'intent';

/** What the authority's ref holds, compared with the local file (and with this tree's own leases). */
export type AuthorityValue =
  | 'absent'
  /** Exactly the local file's bytes. */
  | 'same'
  /** The local file's lease (holder and acquiredAt) in another renewal. */
  | 'sameLease'
  /** A lease taken in this tree (the local file is gone: released here, the ref not yet deleted). */
  | 'ours'
  /** Some other valid lease. */
  | 'other'
  /** Not a valid claim (another program's ref, a blob too big): counts as held until its default lease runs out. */
  | 'invalid';

/** The authority's lease by this computer's clock, counted from when this computer first saw that value. */
export type LeaseState = 'live' | 'expired';

/** The authority's holder, as far as freeing its claim goes. */
export type HolderState =
  | 'alive'
  /** Ended (an explicit fact), or a session of this tree gone by this clock: its claim is free at once. */
  | 'done'
  /** The same session as the local lease's holder (an older lease of its own): it never competes with itself. */
  | 'self';

export interface ClaimCell {
  local: LocalIntent;
  authority: AuthorityValue;
  lease: LeaseState;
  holder: HolderState;
}

export type ClaimAction =
  /** Nothing to do: the authority and this tree agree (or neither has it). */
  | 'settled'
  /** Compare-and-swap the local file's lease onto the authority, expecting the value seen. */
  | 'publish'
  /** Compare-and-swap the authority's value (a lease of this tree released here) to nothing. */
  | 'delete'
  /** Make the local file a projection of the authority's value (or remove it when the authority has none). */
  | 'adopt'
  /** The local lease lost: replace it by the authority's value and tell its holder who won (or that it was released). */
  | 'withdraw';

export function decideClaim(cell: ClaimCell): ClaimAction {
  const { local, authority } = cell;
  const free = cell.lease === 'expired' || cell.holder === 'done' || cell.holder === 'self';
  switch (local) {
    case 'none':
      if (authority === 'ours') return 'delete';
      if (authority === 'other') return 'adopt';
      return 'settled';
    case 'projection':
      return authority === 'same' ? 'settled' : 'adopt';
    case 'held':
      if (authority === 'same') return 'settled';
      if (authority === 'sameLease') return 'publish';
      // Our confirmed lease is gone from the authority or replaced: released there (a force-release) or taken over
      // by someone who judged it expired. It is not published again.
      return 'withdraw';
    case 'intent':
      if (authority === 'same') return 'settled';
      if (authority === 'sameLease' || authority === 'absent') return 'publish';
      return free ? 'publish' : 'withdraw';
  }
}

export interface Lease {
  holder: string;
  acquiredAt: string;
}

export function sameLease(a: Lease | undefined, b: Lease | undefined): boolean {
  return a !== undefined && b !== undefined && a.holder === b.holder && a.acquiredAt === b.acquiredAt;
}

export function leaseOf(claim: Claim): Lease {
  return { holder: claim.holder, acquiredAt: claim.acquiredAt };
}

export interface ClassifyInput {
  /** The local file: its blob id and claim, or null. */
  local: { oid: string; claim: Claim } | null;
  /** The authority's value: its blob id and, when valid, its claim; null when absent. */
  authority: { oid: string; claim?: Claim } | null;
  /** The lease the authority was last seen holding here, and the lease of this tree that may be on it. */
  knownLease?: Lease;
  ownLease?: Lease;
  /** When this computer first saw the authority's value (its clock). */
  authoritySeenAt: number;
  now: number;
  defaultTtlSeconds: number;
  /** Whether a session was started in this tree. */
  isOwnSession(id: string): boolean;
  /** Ended, or a session of this tree gone by this clock. */
  holderDone(id: string): boolean;
}

/** The cell of the table for concrete values. */
export function classifyClaim(input: ClassifyInput): ClaimCell {
  const { local, authority } = input;
  const theirs = authority?.claim;
  const mine = local?.claim;
  // Only this tree's processes take leases for its sessions, so a file of another computer's session is a projection.
  const localIntent: LocalIntent = !mine
    ? 'none'
    : !input.isOwnSession(mine.holder)
      ? 'projection'
      : sameLease(leaseOf(mine), input.knownLease)
        ? 'held'
        : 'intent';
  let value: AuthorityValue;
  if (!authority) value = 'absent';
  else if (local && authority.oid === local.oid) value = 'same';
  else if (!theirs) value = 'invalid';
  else if (mine && sameLease(leaseOf(theirs), leaseOf(mine))) value = 'sameLease';
  // With no file here, a lease of this tree on the authority was released here (only this tree acts for its sessions).
  else if (!mine && (sameLease(leaseOf(theirs), input.ownLease) || input.isOwnSession(theirs.holder))) value = 'ours';
  else value = 'other';
  const ttl = theirs?.ttl ?? input.defaultTtlSeconds;
  const lease: LeaseState = input.now >= input.authoritySeenAt + ttl * 1000 ? 'expired' : 'live';
  // A lease of a session of this tree that the file here does not hold was released (or withdrawn) here: only this
  // tree acts for its sessions, and the file holds at most one lease. Its ref is a leftover, not a live claim.
  const releasedHere =
    theirs !== undefined &&
    mine !== undefined &&
    !sameLease(leaseOf(theirs), leaseOf(mine)) &&
    input.isOwnSession(theirs.holder);
  const holder: HolderState = !theirs
    ? 'alive'
    : mine && theirs.holder === mine.holder
      ? 'self'
      : releasedHere || input.holderDone(theirs.holder)
        ? 'done'
        : 'alive';
  return { local: localIntent, authority: value, lease, holder };
}
