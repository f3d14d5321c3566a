import type { CoordContext } from '../records/context';
import type { Claim } from '../records/claim';
import { readClaimRefState } from './claimRefState';
import { leaseOf, sameLease } from './claimTable';

/**
 * The renewed claims whose lease on the remote is past half its ttl — the ones another computer would otherwise
 * see lapse. Read from this tree's record of the remote alone (no git), so a hook's beat can tell it has nothing to
 * publish without loading the sync code.
 */
export function renewalsDue(ctx: CoordContext, renewed: readonly Claim[]): Claim[] {
  const now = ctx.clock.now();
  return renewed.filter((claim) => {
    const state = readClaimRefState(ctx.layout, claim.type, claim.name);
    if (!state.ref || !state.lease || !sameLease(state.lease, leaseOf(claim))) return false;
    const last = Date.parse(state.renewedAt ?? claim.acquiredAt);
    return !(now - last < (claim.ttl * 1000) / 2);
  });
}
