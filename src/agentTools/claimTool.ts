import * as z from 'zod/mini';
import { claimWork } from '../core/operations/claimWork';
import { workClaimType } from '../core/work/work';
import { pathClaimType } from '../core/claims/pathClaims';
import { isSlug } from '../core/store/slug';
import { claimExpiresAt, claimTitle } from '../core/claims/claimView';
import { parseDuration } from '../core/store/duration';
import { formatDuration } from '../core/store/durationText';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { claimNameField, claimTypeField, sessionField, ttlField } from './toolFields';
import { claimOutcomeText } from '../core/claims/claimOutcomeText';

const input = z.strictObject({
  type: claimTypeField,
  name: claimNameField,
  ttl: ttlField,
  reason: z.optional(z.string().check(z.maxLength(500), z.describe('What you are doing with it; others see it.'))),
  shared: z.optional(
    z.boolean().check(z.describe('Path claims only: may overlap other shared path claims (never an exclusive one).')),
  ),
  session: sessionField,
});

/** `coord claim`: a refusal comes back as an error whose details name the holder and the end of their lease. */
export const claimTool: AgentTool<z.infer<typeof input>> = {
  name: 'claim',
  title: 'Claim work',
  description:
    'Take an exclusive lease on a piece of work (type + name, e.g. issue/42) before you start on it, so nobody does it twice. ' +
    'If another live session holds it the result is outcome "refused" with who (`holder`) and until when ' +
    '(`expiresAt`): pick other work or message them (send tool). Claiming what you already hold renews it ' +
    '(outcome "already-held"). Your tool calls renew your claims; release when done (a work item: ' +
    'complete_work). Outcome "pending" is not a hold yet. Every result says what to do `next`.',
  input,
  mutating: true,
  describeCall: (i) => `Claim ${i.type}/${i.name}${i.ttl ? ` for ${i.ttl}` : ''}${i.reason ? ` — ${i.reason}` : ''}`,
  concerns: (i) => ({ claim: { type: i.type, name: i.name } }),
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const options = {
      ...(i.ttl !== undefined ? { ttlSeconds: parseDuration(i.ttl, 'ttl') } : {}),
      ...(i.reason !== undefined ? { reason: i.reason } : {}),
      ...(i.shared !== undefined ? { shared: i.shared } : {}),
    };
    let result: Awaited<ReturnType<typeof claimWork>> | undefined;
    try {
      result = await claimWork(env.ctx, env.syncSettings, session, i.type, i.name, options);
    } finally {
      // A path claim's file is named after a hash of its glob, not after the glob (which is no file name).
      const { layout } = env.ctx;
      if (result) env.touched([layout.claimFile(result.claim.type, result.claim.name)]);
      else if (i.type !== pathClaimType && isSlug(i.type) && isSlug(i.name)) {
        env.touched([layout.claimFile(i.type, i.name)]);
      }
    }
    const { claim, confirmation } = result;
    const expiresAt = claimExpiresAt(claim);
    const label = claimTitle(claim);
    const how = claimOutcomeText(result);
    // A pending claim is not a hold: the model must not read it as one.
    const pending = confirmation?.confirmation === 'pending';
    const remote = !confirmation
      ? ''
      : confirmation.confirmation === 'confirmed'
        ? `; confirmed on ${confirmation.authority}`
        : `; PENDING, not yet yours — ${confirmation.reason}; the next sync confirms it or withdraws it (you are told by message)`;
    const done = claim.type === workClaimType ? `complete_work with id "${claim.name}"` : 'release it (release tool)';
    const next = pending
      ? 'do not start on it yet: it is not yours until a sync confirms it (you are told by message if it is ' +
        'withdrawn); do other work meanwhile'
      : `work on it; when done, ${done}` + '; your tool calls keep it renewed';
    return toolResult(
      pending ? 'pending' : result.outcome === 'acquired' ? 'claimed' : result.outcome,
      {
        claim,
        holder: claim.holder,
        expiresAt,
        ...(result.previousHolder ? { previousHolder: result.previousHolder } : {}),
        ...(confirmation
          ? {
              confirmation: confirmation.confirmation,
              ...(pending ? { pendingReason: confirmation.reason } : { authority: confirmation.authority }),
            }
          : {}),
      },
      `${label}: ${how} for ${formatDuration(claim.ttl * 1000)} (until ${expiresAt})${remote}.`,
      next,
    );
  },
};
