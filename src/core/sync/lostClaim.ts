import { claimExpiresAt } from '../claims/claimView';
import { refused, type CoordError } from '../store/errors';
import type { Claim } from '../records/claim';
import type { ConfirmResult } from './claimConfirm';

/**
 * The refusal for a claim that lost on the authority (its local claim already withdrawn), as every front end gives
 * it: who got it first and until when (for a path claim that overlaps, which claim), or why else it was lost.
 * The remedy names the winner; each front end words how to reach it.
 */
export function lostClaimError(
  ours: Claim,
  label: string,
  lost: Extract<ConfirmResult, { confirmation: 'lost' }>,
): CoordError {
  const { winner, authority } = lost;
  if (!winner) {
    return refused(
      `${label}: lost — ${lost.reason ?? 'it was released'} on ${authority}; your local claim was withdrawn`,
      'claim it again if you still need it',
      { confirmation: 'lost' },
    );
  }
  const until = claimExpiresAt(winner);
  const overlap =
    winner.glob !== undefined && winner.name !== ours.name ? ` it overlaps path ${winner.glob}, which` : '';
  return refused(
    `${label}: lost —${overlap} ${winner.holder} got it first on ${authority} (until ${until}); your local claim was withdrawn`,
    undefined,
    {
      confirmation: 'lost',
      holder: winner.holder,
      expiresAt: until,
      acquiredAt: winner.acquiredAt,
      ...(winner.glob !== undefined ? { glob: winner.glob } : {}),
    },
    {
      action: 'ask-holder',
      holder: winner.holder,
      ...(overlap ? { overlapping: winner.shared ? 'shared' : 'exclusive' } : {}),
    },
  );
}
