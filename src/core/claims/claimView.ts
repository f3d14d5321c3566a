import { isoTime } from '../store/clock';
import type { Liveness } from '../sessions/liveness';
import type { Claim } from '../records/claim';

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
  const expiresMs = claimExpiresMs(claim);
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

/** When a lease ends: `ttl` seconds after its last renewal. */
export function claimExpiresMs(claim: Claim): number {
  return Date.parse(claim.renewedAt) + claim.ttl * 1000;
}

export function claimExpiresAt(claim: Claim): string {
  return isoTime(claimExpiresMs(claim));
}

/** A claim's label with "(shared)" when it is: how listings and answers show it. */
export function claimTitle(claim: Claim): string {
  return `${claimLabel(claim)}${claim.shared ? ' (shared)' : ''}`;
}

/** How people name a claim: a path claim by its glob, any other by `<type>/<name>`. */
export function claimLabel(claim: Claim): string {
  return claim.glob !== undefined ? `path ${claim.glob}` : `${claim.type}/${claim.name}`;
}

/** A claim as its `--json` record reads wherever one is listed (`coord claims`, the status): the lease and its state. */
export function claimRecord(view: ClaimView): Record<string, unknown> {
  return {
    ...view.claim,
    expiresAt: view.expiresAt,
    remainingMs: view.remainingMs,
    expired: view.expired,
    holderState: view.holderState,
    free: view.free,
  };
}
