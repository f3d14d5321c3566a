import * as z from 'zod/mini';
import { claimTitle } from '../core/claims/claimView';
import { releaseWork } from '../core/operations/releaseWork';
import { workClaimType } from '../core/work/work';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { claimNameField, claimTypeField, sessionField } from './toolFields';

const input = z.strictObject({
  type: claimTypeField,
  name: claimNameField,
  force: z.optional(
    z
      .boolean()
      .check(
        z.describe(
          'Release a claim another session holds (when it is stuck); its holder is told by a high-priority message.',
        ),
      ),
  ),
  session: sessionField,
});

export const releaseTool: AgentTool<z.infer<typeof input>> = {
  name: 'release',
  title: 'Release claim',
  description:
    'Give back a claim you hold when you are done with it (or gave it up), so others may take it. ' +
    "`force` releases another session's claim and tells them. A finished work item is marked done with " +
    'complete_work instead: a released item goes back to the queue.',
  input,
  mutating: true,
  destructive: true,
  describeCall: (i) => `${i.force ? 'Force-release' : 'Release'} ${i.type}/${i.name}`,
  concerns: (i) => ({ claim: { type: i.type, name: i.name } }),
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const result = await releaseWork(env.ctx, env.syncSettings, session, i.type, i.name, i.force === true);
    env.touched([env.ctx.layout.claimFile(result.claim.type, result.claim.name)]);
    const remote = result.remote === 'local' ? undefined : result.remote;
    const label = claimTitle(result.claim);
    const next =
      result.claim.type === workClaimType
        ? `work item ${result.claim.name} is back in the queue for others; if you finished it, claim it again and ` +
          'call complete_work instead'
        : 'it is free for others now; go on with other work';
    return toolResult(
      result.forced ? 'force-released' : 'released',
      {
        claim: result.claim,
        released: result.claim,
        holder: result.claim.holder,
        forced: result.forced,
        ...(result.notified ? { notified: result.notified } : {}),
        ...(remote ? { remote } : {}),
      },
      result.forced
        ? `${label}: force-released from ${result.claim.holder}` +
            `${result.notified ? ` (told them in message ${result.notified})` : ''}.`
        : `${label}: released.`,
      next,
    );
  },
};
