import * as z from 'zod/mini';
import { claimTitle } from '../core/claims/claimView';
import { releaseWork } from '../core/operations/releaseWork';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { claimNameField, claimTypeField, sessionField } from './toolFields';

const input = z.strictObject({
  type: claimTypeField,
  name: claimNameField,
  force: z.optional(z.boolean().check(z.describe('Release a claim another session holds (when it is stuck); its holder is told by a high-priority message.'))),
  session: sessionField,
});

export const releaseTool: AgentTool<z.infer<typeof input>> = {
  name: 'release',
  title: 'Release claim',
  description: 'Give back a claim you hold when you are done with it (or gave it up), so others may take it. `force` releases another session\'s claim and tells them.',
  input,
  mutating: true,
  destructive: true,
  describeCall: (i) => `${i.force ? 'Force-release' : 'Release'} ${i.type}/${i.name}`,
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const result = await releaseWork(env.ctx, env.syncSettings, session, i.type, i.name, i.force === true);
    env.touched([env.ctx.layout.claimFile(result.claim.type, result.claim.name)]);
    const remote = result.remote === 'local' ? undefined : result.remote;
    const label = claimTitle(result.claim);
    return {
      structured: { released: result.claim, forced: result.forced, ...(result.notified ? { notified: result.notified } : {}), ...(remote ? { remote } : {}) },
      text: result.forced ? `${label}: force-released from ${result.claim.holder}${result.notified ? ` (told them in message ${result.notified})` : ''}.` : `${label}: released.`,
    };
  },
};
