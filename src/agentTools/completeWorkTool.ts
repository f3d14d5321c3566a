import * as z from 'zod/mini';
import { completeWork } from '../core/operations/completeWork';
import { workClaimType } from '../core/work/work';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const input = z.strictObject({
  id: z
    .string()
    .check(
      z.maxLength(64),
      z.describe('The work item\'s id, as claim_next_work returned it (item.id, the name of its "work" claim).'),
    ),
  session: sessionField,
});

/** `coord work done`: the item leaves the queue for good, unlike a release, which puts it back for someone else. */
export const completeWorkTool: AgentTool<z.infer<typeof input>> = {
  name: 'complete_work',
  title: 'Complete work item',
  description:
    'Mark a work item of the shared queue done when you have finished it: it leaves the queue for good and your ' +
    'claim on it is released. Use this, not release, for finished work (a released item goes back to the queue ' +
    'and someone else would do it again). Refused while another session holds the item, or while items it depends ' +
    'on are not done. Marking a done item done again changes nothing.',
  input,
  mutating: true,
  describeCall: (i) => `Mark work item ${i.id} done`,
  concerns: (i) => ({ item: { id: i.id }, claim: { type: workClaimType, name: i.id } }),
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const { item, released } = await completeWork(env.ctx, env.syncSettings, session, i.id);
    env.touched([env.ctx.layout.workFile(item.id), env.ctx.layout.claimFile(workClaimType, item.id)]);
    const mine = item.doneBy === session;
    const text = mine
      ? `Done: work/${item.id} (${item.title})${released ? '; its claim is released' : ''}.`
      : `work/${item.id} was done already (by ${item.doneBy ?? 'someone'}).`;
    return toolResult(
      mine ? 'done' : 'already-done',
      {
        item,
        claim: { type: workClaimType, name: item.id },
        ...(released ? { released } : {}),
      },
      text,
      'take the next item with claim_next_work, or go on with other work',
    );
  },
};
