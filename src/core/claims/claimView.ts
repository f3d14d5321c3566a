import { isoTime } from '../files/clock';
import type { Liveness } from '../sessions/liveness';
import type { Claim } from '../schemas/claim';

export interface ClaimView {
  claim: Claim;
  path: string;
  expiresAt: string;
  remainingMs: number;
  expired: boolean;
  /** Liveness of the holder, or "unknown" when its session file is not in the tree. */
  holderState: Liveness | 'unknown';
  /** Free to take over: the lease ran out or the holder is gone or ended. */
  free: boolean;
}

/** What a claim means at `nowMs`, given its holder's liveness. Pure, so caches and listings share it. */
export function claimView(claim: Claim, path: string, holderState: Liveness | 'unknown', nowMs: number): ClaimView {
  const expiresMs = Date.parse(claim.renewedAt) + claim.ttl * 1000;
  const expired = expiresMs <= nowMs;
  return {
    claim,
    path,
    expiresAt: isoTime(expiresMs),
    remainingMs: Math.max(0, expiresMs - nowMs),
    expired,
    holderState,
    free: expired || holderState === 'gone' || holderState === 'ended',
  };
}

/** How people name a claim: a path claim by its glob, any other by `<type>/<name>`. */
export function claimLabel(claim: Claim): string {
  return claim.glob !== undefined ? `path ${claim.glob}` : `${claim.type}/${claim.name}`;
}
