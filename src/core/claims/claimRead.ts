import { claimView, type ClaimView } from './claimView';
import type { CoordContext } from '../records/context';
import { badTree } from '../store/errors';
import { livenessOf, type Liveness } from '../sessions/liveness';
import { readRecord } from '../records/recordReader';
import { claimSchema, type Claim } from '../records/claim';
import type { Session } from '../records/session';
import { findSession } from '../sessions/sessions';

/** A claim file's record and its exact bytes (what compare-and-swap compares), or undefined when there is none. */
export function readClaimFile(path: string): { claim: Claim; raw: string } | undefined {
  const result = readRecord(path, claimSchema, 'claim');
  if (result.ok) return { claim: result.value, raw: result.raw };
  if (result.missing) return undefined;
  // The file is left as it is, so nothing is lost: whoever fixes it sees what it held.
  throw badTree(`claim file ${path} ${result.reason}`, undefined, undefined, { action: 'repair-tree', path });
}

/** What a claim means now, with its holder's liveness read from the tree (once per holder with a cache). */
export function viewOf(
  ctx: CoordContext,
  claim: Claim,
  path: string,
  holderCache?: Map<string, Liveness | 'unknown'>,
): ClaimView {
  const now = ctx.clock.now();
  let holderState = holderCache?.get(claim.holder);
  if (holderState === undefined) {
    let session: Session | undefined;
    try {
      session = findSession(ctx, claim.holder);
    } catch {
      session = undefined;
    }
    holderState = session ? livenessOf(session, now, ctx.config) : 'unknown';
    holderCache?.set(claim.holder, holderState);
  }
  return claimView(claim, path, holderState, now);
}
