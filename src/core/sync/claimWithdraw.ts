import { createExclusive } from '../store/atomicFile';
import { mutateClaimFile } from '../store/fileMutation';
import type { CoordContext } from '../records/context';
import { sendMessage } from '../messages/messages';
import type { Claim } from '../records/claim';
import { readClaimFile } from '../claims/claimRead';
import { leaseOf, sameLease, type Lease } from './claimTable';

/**
 * Replaces a local claim file with the authority's version (`next`, or nothing) — only while it still holds
 * exactly `current`, through the same compare-and-swap every claim change uses, so a renewal or release made
 * meanwhile is never overwritten. False when the file moved on (the next round looks again).
 */
export function replaceClaimFile(path: string, current: string | undefined, next: string | null): boolean {
  if (current === undefined) return next === null ? false : createExclusive(path, next);
  return mutateClaimFile(path, current, next) === 'done';
}

const holdWaitMs = 20;
const holdWaitRounds = 150;

/**
 * Withdraws a lost lease from the local claim file: replaces it with `next` (or removes it) while the file holds
 * that lease — in whatever renewal, since a heartbeat or `coord renew` may have renewed it after the bytes the
 * caller saw — and waits out another process's hold of the bytes (a round or the window pushing them). A file kept
 * because it was renewed meanwhile was pushed again by the next round: a resurrection (the checker, seed
 * 1883630535). False when the file holds another lease or none, or the hold outlasted about 3 s.
 */
export async function withdrawLeaseFile(path: string, lease: Lease, next: string | null): Promise<boolean> {
  for (let round = 0; round < holdWaitRounds; round++) {
    const current = readClaimFile(path);
    if (!current || !sameLease(leaseOf(current.claim), lease)) return false;
    const outcome = mutateClaimFile(path, current.raw, next);
    if (outcome === 'done') return true;
    if (outcome === 'busy') await new Promise((resolve) => setTimeout(resolve, holdWaitMs));
  }
  return false;
}

/**
 * Tells the holder of a claim that lost across computers who won. The notice is written by the loser's own
 * session into its own inbox (one writer per file); a session that has ended is not told.
 */
export function withdrawClaim(
  ctx: CoordContext,
  lost: Claim,
  winner: Claim | undefined,
  authority: string,
  wasConfirmed: boolean,
): string | undefined {
  const key = `${lost.type}/${lost.name}`;
  const subject = winner
    ? `Claim ${key} withdrawn: ${winner.holder} ${wasConfirmed ? 'took it over' : 'got it first'}`
    : `Claim ${key} withdrawn: it was released on ${authority}`;
  const body = winner
    ? wasConfirmed
      ? `Your claim ${key} (taken ${lost.acquiredAt}) was taken over on ${authority} by ${winner.holder} (since ${winner.acquiredAt}): its lease had not been renewed there in time. Your local claim was withdrawn; pick other work or message ${winner.holder}.`
      : `Your claim ${key} (taken ${lost.acquiredAt}) could not be confirmed on ${authority}: ${winner.holder} holds it since ${winner.acquiredAt}${winner.reason ? ` (${winner.reason})` : ''}. Your local claim was withdrawn; pick other work or message ${winner.holder}.`
    : `Your claim ${key} was released on ${authority} (a force-release from another computer). Your local claim was withdrawn; claim it again before you go on.`;
  try {
    return sendMessage(ctx, lost.holder, lost.holder, subject, body, { priority: 'high', allowGone: true }).id;
  } catch {
    // The loser's session ended or is not on this computer: there is nobody here to tell.
    return undefined;
  }
}
