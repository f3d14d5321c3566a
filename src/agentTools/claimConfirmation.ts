import type { ConfirmResult } from '../core/sync/claimConfirm';
import { lostClaimError } from '../core/sync/lostClaim';
import type { Claim } from '../core/schemas/claim';
import { claimTitle } from '../core/claims/claimView';

/** What a claim result says about the remote, when the adapter asked it. */
export type ClaimConfirmation =
  | { confirmation: 'confirmed'; authority: string }
  | { confirmation: 'pending'; pendingReason: string }
  | { confirmation: 'local'; reason: string };

/**
 * The remote's answer for a claim just taken, as `coord claim` gives it: a lost race is a refusal naming the
 * winner and the end of their lease (the local claim is already withdrawn), anything else is reported as is.
 */
export function claimConfirmationOf(claim: Claim, result: ConfirmResult): ClaimConfirmation {
  if (result.confirmation === 'confirmed') return { confirmation: 'confirmed', authority: result.authority };
  if (result.confirmation === 'pending') return { confirmation: 'pending', pendingReason: result.reason };
  if (result.confirmation === 'local') return { confirmation: 'local', reason: result.reason };
  throw lostClaimError(claim, claimTitle(claim), result, (holder) => `message ${holder} (the send tool)`);
}
