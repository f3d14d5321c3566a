import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import type { TreeLayout } from '../store/layout';
import type { Claim } from '../records/claim';
import { assertSlug } from '../store/slug';
import { leaseOf, type Lease } from './claimTable';

/**
 * What this checkout knows about a claim's ref on the authority (the remote, or the shared repository when
 * there is no remote). Kept in `.local/claim-refs/<type>/<name>.json`, one file per claim, because the claim
 * file itself has one writer — its holder — and confirmation is this computer's knowledge, not the holder's.
 */
export interface ClaimRefState {
  /** The ref's value as last seen or set here: a blob id, null when known to be absent, undefined when never seen. */
  ref?: string | null;
  /** When this computer first saw `ref` (its own clock, ms): a remote lease is judged expired from here, not from its timestamps. */
  refSeenAt?: number;
  /** The lease the ref holds (holder and acquiredAt identify a lease across its renewals). */
  lease?: { holder: string; acquiredAt: string };
  /** The ref's `renewedAt` as last seen or set here: a holder's renewal is due on the authority from half its ttl. */
  renewedAt?: string;
  /**
   * A lease taken in this tree that may be on the authority: written before any push of it (so a process killed
   * after its push still leaves the lease known as this tree's), cleared once the authority no longer holds it.
   */
  ownLease?: { holder: string; acquiredAt: string };
  /** Why the last confirmation attempt did not finish, for a pending claim. */
  pendingReason?: string;
}

export type Confirmation = 'confirmed' | 'pending';

function stateDir(layout: TreeLayout): string {
  return join(layout.localDir, 'claim-refs');
}

export function claimRefStateFile(layout: TreeLayout, type: string, name: string): string {
  return join(stateDir(layout), assertSlug('claim type', type), `${assertSlug('claim name', name)}.json`);
}

export function readClaimRefState(layout: TreeLayout, type: string, name: string): ClaimRefState {
  try {
    const parsed = JSON.parse(readFileSync(claimRefStateFile(layout, type, name), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ClaimRefState) : {};
  } catch {
    return {};
  }
}

export function writeClaimRefState(layout: TreeLayout, type: string, name: string, state: ClaimRefState): void {
  const path = claimRefStateFile(layout, type, name);
  const text = toJson(state);
  // Most rounds confirm what was already confirmed: an unchanged state is not written (each write is flushed).
  if (readText(path) !== text) writeFileAtomic(path, text);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Forgets every claim's ref state: with no remote the tree itself is the authority, and what an earlier version
 * kept about local refs would make views show claims as pending forever.
 */
export function forgetClaimRefStates(layout: TreeLayout): void {
  if (existsSync(stateDir(layout))) rmSync(stateDir(layout), { recursive: true, force: true });
  rmSync(join(layout.localDir, 'claim-checks'), { recursive: true, force: true });
}

export function removeClaimRefState(layout: TreeLayout, type: string, name: string): void {
  rmSync(claimRefStateFile(layout, type, name), { force: true });
  rmSync(checkedFile(layout, { type, name }), { force: true });
}

/** Where the overlap checks of path claims keep their verdicts and locks (pathClaimCheck.ts). */
export function checkDir(layout: TreeLayout, type: string): string {
  return join(layout.localDir, 'claim-checks', assertSlug('claim type', type));
}

/**
 * The lease last checked free of overlaps on the authority. Its own file, not a field of the ref state: every
 * writer of that state would have to carry it over, and one that did not would have the lease checked twice.
 */
function checkedFile(layout: TreeLayout, claim: { type: string; name: string }): string {
  return join(checkDir(layout, claim.type), `${assertSlug('claim name', claim.name)}.json`);
}

export function readCheckedLease(layout: TreeLayout, claim: { type: string; name: string }): Lease | undefined {
  try {
    const parsed = JSON.parse(readFileSync(checkedFile(layout, claim), 'utf8')) as Partial<Lease> | null;
    return typeof parsed?.holder === 'string' && typeof parsed.acquiredAt === 'string'
      ? { holder: parsed.holder, acquiredAt: parsed.acquiredAt }
      : undefined;
  } catch {
    return undefined;
  }
}

export function writeCheckedLease(layout: TreeLayout, claim: Claim): void {
  writeFileAtomic(checkedFile(layout, claim), toJson(leaseOf(claim)));
}

/** Records a value of the ref; the first-seen time moves only when the value changes. */
export function observedRef(state: ClaimRefState, ref: string | null, now: number): ClaimRefState {
  if (state.ref === ref && state.refSeenAt !== undefined) return state;
  return { ...state, ref, refSeenAt: now };
}

/**
 * Whether the authority holds this claim's lease. Undefined in a checkout that has never confirmed a claim
 * (not in git, or sync off): there, claims are simply local and "pending" would only alarm.
 */
export function claimConfirmation(layout: TreeLayout, claim: Claim): Confirmation | undefined {
  if (!existsSync(stateDir(layout))) return undefined;
  const state = readClaimRefState(layout, claim.type, claim.name);
  return state.lease?.holder === claim.holder && state.lease.acquiredAt === claim.acquiredAt ? 'confirmed' : 'pending';
}

export { leaseOf };
