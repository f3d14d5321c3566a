import * as z from 'zod/mini';
import { parseDuration } from '../core/files/duration';
import { workClaimType } from '../core/work/work';
import { claimNextWork } from '../core/operations/claimNextWork';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { sessionField, ttlField } from './toolFields';

const input = z.strictObject({ ttl: ttlField, session: sessionField });

/** `coord work next`. Nothing ready is an answer, not an error: a model should go on to other work. */
export const claimNextWorkTool: AgentTool<z.infer<typeof input>> = {
  name: 'claim_next_work',
  title: 'Claim next work item',
  description:
    'Claim the best ready item of the shared work queue in one atomic step: items assigned to you first, then items for your role, then by priority. '
    + 'Returns the item (title, id) and its claim (type "work", name = item id), or item: null when nothing is ready (all done, claimed or blocked).',
  input,
  mutating: true,
  describeCall: () => 'Claim the next ready work item',
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const answer = await claimNextWork(env.ctx, env.syncSettings, session, i.ttl !== undefined ? parseDuration(i.ttl, 'ttl') : undefined);
    if (!answer) return { structured: { item: null }, text: 'No ready work item (all done, claimed or blocked).' };
    const { view, confirmation } = answer;
    env.touched([env.ctx.layout.claimFile(workClaimType, view.item.id)]);
    const pending = confirmation?.confirmation === 'pending' ? ` PENDING, not yet yours — ${confirmation.reason}; the next sync confirms it or withdraws it.` : '';
    return {
      structured: {
        item: view.item, claim: { type: workClaimType, name: view.item.id },
        ...(confirmation ? { confirmation: confirmation.confirmation, ...(confirmation.confirmation === 'pending' ? { pendingReason: confirmation.reason } : {}) } : {}),
      },
      text: `Claimed work/${view.item.id}: ${view.item.title}.${pending} Release it with the release tool (type "work") when done.`,
    };
  },
};
