import * as z from 'zod/mini';
import { parseDuration } from '../core/store/duration';
import { workClaimType } from '../core/work/work';
import { claimNextWork } from '../core/operations/claimNextWork';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { claimExpiresAt } from '../core/claims/claimView';
import { sessionField, ttlField } from './toolFields';

const input = z.strictObject({ ttl: ttlField, session: sessionField });

/** `coord work next`. Nothing ready is an answer, not an error: a model should go on to other work. */
export const claimNextWorkTool: AgentTool<z.infer<typeof input>> = {
  name: 'claim_next_work',
  title: 'Claim next work item',
  description:
    'Claim the best ready item of the shared work queue in one atomic step: items assigned to you first, then items for your role, then by priority. ' +
    'Returns outcome "claimed" with the item (title, id) and its claim (type "work", name = item id), ' +
    'or outcome "nothing-ready" and item: null when nothing is ready (all done, claimed or blocked). ' +
    'When the item is finished, call complete_work with its id: releasing it would put it back in the queue ' +
    'for someone else to do again.',
  input,
  mutating: true,
  describeCall: () => 'Claim the next ready work item',
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const answer = await claimNextWork(
      env.ctx,
      env.syncSettings,
      session,
      i.ttl !== undefined ? parseDuration(i.ttl, 'ttl') : undefined,
    );
    if (!answer) {
      return toolResult(
        'nothing-ready',
        { item: null },
        'No ready work item (all done, claimed or blocked).',
        'no queued work is ready for you: go on with other work (status shows what others do), ' +
          'or call claim_next_work again later',
      );
    }
    const { view, claim, confirmation } = answer;
    env.touched([env.ctx.layout.claimFile(workClaimType, view.item.id)]);
    const pending = confirmation?.confirmation === 'pending';
    const next = pending
      ? 'do not start on it yet: it is not yours until a sync confirms it (you are told by message if it is withdrawn)'
      : `work on it; when it is finished call complete_work with id "${view.item.id}" ` +
        '(release it with the release tool only to give it up unfinished)';
    const confirmed = confirmation
      ? { confirmation: confirmation.confirmation, ...(pending ? { pendingReason: confirmation.reason } : {}) }
      : {};
    const text =
      `Claimed work/${view.item.id}: ${view.item.title}.` +
      (pending ? ` PENDING, not yet yours — ${confirmation.reason}; the next sync confirms it or withdraws it.` : '');
    return toolResult(
      pending ? 'pending' : 'claimed',
      {
        item: view.item,
        claim: { type: workClaimType, name: view.item.id },
        holder: claim.holder,
        expiresAt: claimExpiresAt(claim),
        ...confirmed,
      },
      text,
      next,
    );
  },
};
