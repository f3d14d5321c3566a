import type { CoordContext } from '../records/context';
import type { WorkView } from '../work/work';
import { claimNextWork as takeNextWork } from '../work/work';
import { toJson } from '../store/atomicFile';
import { confirmClaim, type ConfirmResult } from '../sync/claimConfirm';
import type { SyncSettings } from '../sync/syncSettings';
import type { Claim } from '../records/claim';

export interface NextWorkAnswer {
  view: WorkView;
  claim: Claim;
  confirmation?: Extract<ConfirmResult, { confirmation: 'confirmed' | 'pending' }>;
  /** Items another computer had already won while this call tried them (their local claims withdrawn). */
  lost: string[];
}

const maxLost = 20;

/**
 * Claims the best ready item and has the authority confirm it, as claimWork does; an item another computer won
 * first is skipped and the next one tried, so the answer is an item this session really holds (or pending).
 */
export async function claimNextWork(
  ctx: CoordContext,
  settings: SyncSettings,
  session: string,
  ttlSeconds?: number,
): Promise<NextWorkAnswer | undefined> {
  const lost = new Set<string>();
  while (lost.size < maxLost) {
    const view = takeNextWork(ctx, session, ttlSeconds, lost);
    if (!view?.claim) return undefined;
    const confirmation = await confirmClaim(ctx, settings, view.claim, toJson(view.claim));
    if (confirmation.confirmation === 'lost') {
      lost.add(view.item.id);
      continue;
    }
    const { claim, ...rest } = view;
    return { view: rest, claim, ...(confirmation.confirmation !== 'local' ? { confirmation } : {}), lost: [...lost] };
  }
  return undefined;
}
