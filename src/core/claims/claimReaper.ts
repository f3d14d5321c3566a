import { mutateClaimFile } from '../store/fileMutation';
import { claimView, type ClaimView } from './claimView';
import type { CoordContext } from '../records/context';
import { livenessOf, type Liveness } from '../sessions/liveness';
import { readRecord } from '../records/recordReader';
import { claimSchema, type Claim } from '../records/claim';
import { findSession } from '../sessions/sessions';
import { isOwnSession } from '../sessions/ownSessions';

export type FreedBecause = 'expired' | 'holder-gone' | 'holder-ended';

export interface FreedClaim {
  claim: Claim;
  because: FreedBecause;
  expiresAt: string;
}

/**
 * Deletes one claim if — judged again from a fresh read, not from the caller's listing — it is free: its lease ran
 * out or its holder is gone or ended. The delete is the same compare-and-swap every claim change goes through, so
 * a holder renewing at this instant wins and the claim stays. Returns what was freed, or undefined.
 */
export function freeClaimIfFree(ctx: CoordContext, type: string, name: string): FreedClaim | undefined {
  const path = ctx.layout.claimFile(type, name);
  const read = readRecord(path, claimSchema, 'claim');
  if (!read.ok) return undefined;
  const view = claimView(read.value, path, holderState(ctx, read.value.holder), ctx.clock.now());
  if (!view.free) return undefined;
  // Another computer's lease is judged by this computer's sync, by its own clock from when it first saw the lease
  // renewed (src/core/sync/claimTable.ts), never from timestamps and heartbeat ages written by another clock.
  if (view.holderState !== 'ended' && heldElsewhere(ctx, read.value.holder)) return undefined;
  if (mutateClaimFile(path, read.raw, null) !== 'done') return undefined;
  return { claim: read.value, because: freedBecause(view), expiresAt: view.expiresAt };
}

/** Frees every claim of the listing that is free; each one is re-checked first (see freeClaimIfFree). */
export function freeExpiredClaims(ctx: CoordContext, views: readonly ClaimView[]): FreedClaim[] {
  const freed: FreedClaim[] = [];
  for (const view of views) {
    if (!view.free) continue;
    try {
      const result = freeClaimIfFree(ctx, view.claim.type, view.claim.name);
      if (result) freed.push(result);
    } catch {
      // A folder turned into a link, or the disk refused: the claim stays and the next round tries again.
    }
  }
  return freed;
}

function holderState(ctx: CoordContext, holder: string): Liveness | 'unknown' {
  try {
    const session = findSession(ctx, holder);
    return session ? livenessOf(session, ctx.clock.now(), ctx.config) : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A session that was not started in this tree: its claim is a projection of another computer's lease. */
function heldElsewhere(ctx: CoordContext, holder: string): boolean {
  try {
    const session = findSession(ctx, holder);
    return session !== undefined && !isOwnSession(ctx, holder, session.host);
  } catch {
    return false;
  }
}

function freedBecause(view: ClaimView): FreedBecause {
  if (view.holderState === 'gone') return 'holder-gone';
  if (view.holderState === 'ended') return 'holder-ended';
  return 'expired';
}
