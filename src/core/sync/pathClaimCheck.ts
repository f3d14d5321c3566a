import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimAuthority } from './claimAuthority';
import { acquireLock, type HeldLock } from '../store/fileMutation';
import { readClaimFile } from '../claims/claimRead';
import { leaseOf, sameLease } from './claimTable';
import { checkDir, readCheckedLease, writeCheckedLease } from './claimRefState';
import type { CoordContext } from '../records/context';
import type { TreeLayout } from '../store/layout';
import type { GitRepository } from './gitRepository';
import type { Claim } from '../records/claim';
import { overlappingPathClaim, yieldPathClaim } from './pathClaimYield';

export type PathClaimCheck =
  /** No live claim of another session overlaps it on the authority (now or when this tree last looked): it stands. */
  | { kind: 'clear' }
  /** It overlapped `winner`'s claim and yielded: withdrawn here, its ref deleted (pathClaimYield.ts). */
  | { kind: 'yielded'; winner: Claim; gone: boolean }
  /** The file no longer holds this lease: released here, or withdrawn by another process's check. */
  | { kind: 'gone' }
  /** Not looked at (the authority could not be reached, or another process of this tree is looking): look later. */
  | { kind: 'unchecked'; reason: string };

const lockPollMs = 20;

/**
 * The one overlap check of a path-claim lease of this tree that is new on the authority (pathClaimYield.ts says why
 * the one who looks yields). Every process of this tree that sees such a lease — `coord claim` confirming it, a sync
 * round that published or settled it — checks it here, one at a time (a lock per claim), and the first verdict
 * "clear" is kept, so a lease is never judged twice: a second look could see a claim published after the first one
 * passed, which yields to ours by the same rule, and both would yield while the holder was told it holds. A look
 * that could not be made withdraws nothing; the lease stays pending until a look succeeds.
 */
export async function checkPathClaim(
  ctx: CoordContext,
  repo: GitRepository,
  authority: ClaimAuthority,
  ours: Claim,
  oid: string,
  options: { tell: boolean; waitMs: number },
): Promise<PathClaimCheck> {
  const lock = await takeCheckLock(ctx.layout, ours, options.waitMs);
  if (!lock)
    return {
      kind: 'unchecked',
      reason: 'another process of this computer is checking it against the other path claims',
    };
  try {
    if (sameLease(readCheckedLease(ctx.layout, ours), leaseOf(ours))) return { kind: 'clear' };
    const current = readClaimFile(ctx.layout.claimFile(ours.type, ours.name));
    if (!current || !sameLease(leaseOf(current.claim), leaseOf(ours))) return { kind: 'gone' };
    let winner: Claim | undefined;
    try {
      winner = await overlappingPathClaim(ctx, repo, authority, ours);
    } catch (error) {
      return {
        kind: 'unchecked',
        reason: `could not be checked against the other path claims on ${authority.label}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (winner)
      return { kind: 'yielded', winner, gone: await yieldPathClaim(ctx, authority, ours, oid, winner, options.tell) };
    writeCheckedLease(ctx.layout, ours);
    return { kind: 'clear' };
  } finally {
    lock.release();
  }
}

async function takeCheckLock(layout: TreeLayout, claim: Claim, waitMs: number): Promise<HeldLock | undefined> {
  const dir = checkDir(layout, claim.type);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `.${claim.name}.check`);
  for (let waited = 0; ; waited += lockPollMs) {
    const lock = acquireLock(base);
    if (lock || waited >= waitMs) return lock;
    await new Promise((resolve) => setTimeout(resolve, lockPollMs));
  }
}
