import * as z from 'zod/mini';
import { claimExpiresAt, claimTitle } from '../core/claims/claimView';
import { renewClaim } from '../core/claims/claims';
import { parseDuration } from '../core/store/duration';
import { formatDuration } from '../core/store/durationText';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { claimNameField, claimTypeField, sessionField } from './toolFields';

const input = z.strictObject({
  type: claimTypeField,
  name: claimNameField,
  ttl: z.optional(
    z
      .string()
      .check(z.maxLength(20), z.describe('New lease length from now, e.g. "4h" (default: keep the current length).')),
  ),
  session: sessionField,
});

export const renewTool: AgentTool<z.infer<typeof input>> = {
  name: 'renew',
  title: 'Renew claim',
  description:
    "Extend the lease of a claim you hold (a heartbeat renews all of them; use this to change one lease's length).",
  input,
  mutating: true,
  describeCall: (i) => `Renew ${i.type}/${i.name}${i.ttl ? ` for ${i.ttl}` : ''}`,
  concerns: (i) => ({ claim: { type: i.type, name: i.name } }),
  run(i, env) {
    const session = requireActingSession(env, i.session);
    const claim = renewClaim(
      env.ctx,
      session,
      i.type,
      i.name,
      i.ttl !== undefined ? parseDuration(i.ttl, 'ttl') : undefined,
    );
    env.touched([env.ctx.layout.claimFile(claim.type, claim.name)]);
    const expiresAt = claimExpiresAt(claim);
    return toolResult(
      'renewed',
      { claim, holder: claim.holder, expiresAt },
      `${claimTitle(claim)}: renewed for ${formatDuration(claim.ttl * 1000)} (until ${expiresAt}).`,
      'go on with your work on it',
    );
  },
};
