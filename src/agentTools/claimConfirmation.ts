import type { ConfirmResult } from '../core/sync/claimConfirm';
import { refused } from '../core/files/errors';

/** What a claim result says about the remote, when the adapter asked it. */
export type ClaimConfirmation =
  | { confirmation: 'confirmed'; authority: string }
  | { confirmation: 'pending'; pendingReason: string }
  | { confirmation: 'local'; reason: string };

/**
 * The remote's answer for a claim just taken, as `coord claim` gives it: a lost race is a refusal naming the
 * winner and the end of their lease (the local claim is already withdrawn), anything else is reported as is.
 */
export function claimConfirmationOf(label: string, result: ConfirmResult): ClaimConfirmation {
  if (result.confirmation === 'confirmed') return { confirmation: 'confirmed', authority: result.authority };
  if (result.confirmation === 'pending') return { confirmation: 'pending', pendingReason: result.reason };
  if (result.confirmation === 'local') return { confirmation: 'local', reason: result.reason };
  const winner = result.winner;
  const until = winner ? new Date(Date.parse(winner.renewedAt) + winner.ttl * 1000).toISOString() : undefined;
  throw refused(
    winner
      ? `${label}: lost — ${winner.holder} got it first on ${result.authority} (until ${until}); your local claim was withdrawn`
      : `${label}: lost — it was released on ${result.authority}; your local claim was withdrawn`,
    winner ? `message ${winner.holder} (the send tool), or pick other work` : 'claim it again if you still need it',
    { confirmation: 'lost', ...(winner ? { holder: winner.holder, expiresAt: until, acquiredAt: winner.acquiredAt } : {}) },
  );
}
