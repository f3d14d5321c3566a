import type { ClaimResult } from './claims';

/** How a claim was won, in the words every front end shows after "Claim <type>/<name>:". */
export function claimOutcomeText(result: Pick<ClaimResult, 'outcome' | 'previousHolder'>): string {
  if (result.outcome === 'taken-over') return `taken over from ${result.previousHolder}`;
  return result.outcome === 'already-held' ? 'already yours; renewed' : 'claimed';
}
