import { toJson } from '../store/atomicFile';
import type { CoordContext } from '../records/context';
import { takeClaim, type ClaimOptions, type ClaimResult } from '../claims/claims';
import { claimTitle } from '../claims/claimView';
import { confirmClaim, refreshProjection, type ConfirmResult } from '../sync/claimConfirm';
import { CoordError } from '../store/errors';
import { pathClaimType } from '../claims/pathClaims';
import { sessionIsLocal } from '../sync/sessionFacts';
import { lostClaimError } from '../sync/lostClaim';
import type { SyncSettings } from '../sync/syncSettings';

export interface ClaimAnswer extends ClaimResult {
  /** Confirmed on the remote, or a pending intent there; absent when the tree itself is the authority (no remote). */
  confirmation?: Extract<ConfirmResult, { confirmation: 'confirmed' | 'pending' }>;
}

/**
 * Takes a claim and has its authority answer before returning: the one place every front end (CLI, MCP and
 * language-model tools, the window) claims through. A claim another computer won is withdrawn here and thrown
 * as the refusal naming the winner; a pending one is returned as such, and is not a hold.
 */
export async function claimWork(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
  type: string,
  name: string,
  options: ClaimOptions,
): Promise<ClaimAnswer> {
  const result = await takeOrRefresh(ctx, settings, session, type, name, options);
  const confirmation = await confirmClaim(ctx, settings, result.claim, toJson(result.claim));
  if (confirmation.confirmation === 'lost') throw lostClaimError(result.claim, claimTitle(result.claim), confirmation);
  if (confirmation.confirmation === 'local') return result;
  return { ...result, confirmation };
}

/**
 * Takes the claim; refused because of another computer's lease as this tree last saw it, looks at the remote once
 * (the lease may have been released or taken over there since) and tries again if the projection changed.
 */
async function takeOrRefresh(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
  type: string,
  name: string,
  options: ClaimOptions,
): Promise<ClaimResult> {
  try {
    return takeClaim(ctx, session, type, name, options);
  } catch (error) {
    const holder =
      error instanceof CoordError && error.code === 'refused'
        ? (error.details as { holder?: unknown } | undefined)?.holder
        : undefined;
    if (typeof holder !== 'string' || type === pathClaimType || sessionIsLocal(ctx, holder)) throw error;
    if (!(await refreshProjection(ctx, settings, type, name))) throw error;
    return takeClaim(ctx, session, type, name, options);
  }
}
