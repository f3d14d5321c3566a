import * as z from 'zod/mini';
import { usageError } from '../core/store/errors';
import { isAlive, livenessOf } from '../core/sessions/liveness';
import { sessionKinds } from '../core/records/session';
import { findSession, startSession } from '../core/sessions/sessions';
import { assertSlug } from '../core/store/slug';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';

const startWorking =
  'claim work before you start on it (claim_next_work for the queue, claim for anything else); ' +
  'your tool calls keep the session alive, and heartbeat says what you are doing';

const input = z.strictObject({
  name: z.optional(z.string().check(z.maxLength(100), z.describe('Display name others see, e.g. "builder".'))),
  role: z.optional(
    z
      .string()
      .check(
        z.maxLength(100),
        z.describe(
          'What this session does, e.g. "backend", "reviewer"; work items for this role are offered to it first.',
        ),
      ),
  ),
  kind: z.optional(z.enum(sessionKinds).check(z.describe('"agent" or "human".'))),
  session: z.optional(
    z
      .string()
      .check(
        z.maxLength(64),
        z.describe(
          'Resume this existing live session (e.g. after the server restarted) instead of starting a new one.',
        ),
      ),
  ),
});

/** `coord start`, idempotent: a caller that already has a live session gets it back rather than a second one. */
export const registerTool: AgentTool<z.infer<typeof input>> = {
  name: 'register',
  title: 'Register session',
  description:
    'Register as a coordination session (once, before the other tools): returns your session id. Other sessions see you, can message you, and your claims carry this id. ' +
    'If you already have a live session it is returned instead of a new one; pass `session` to resume a known session id. ' +
    'Afterwards call heartbeat at least every minute while you work.',
  input,
  mutating: true,
  describeCall: (i) =>
    i.session
      ? `Resume session ${i.session}`
      : `Register a session${i.name ? ` named ${i.name}` : ''}${i.role ? ` (${i.role})` : ''}`,
  async run(i, env) {
    const { ctx } = env;
    const now = ctx.clock.now();
    const alive = (id: string) => {
      const found = findSession(ctx, id);
      return found && isAlive(livenessOf(found, now, ctx.config)) ? found : undefined;
    };
    if (i.session !== undefined) {
      const resumed = alive(assertSlug('session', i.session));
      if (!resumed)
        throw usageError(
          `session ${i.session} is not a live session here`,
          'call register without `session` to start a new one',
          { action: 'register-session' },
        );
      await env.adopt(resumed.id);
      return toolResult(
        'resumed',
        { session: resumed, resumed: true },
        `Acting as session ${resumed.id} again.`,
        startWorking,
      );
    }
    const current = env.actingSession(undefined);
    const existing = current !== undefined ? alive(current) : undefined;
    if (existing) {
      return toolResult(
        'already-registered',
        { session: existing, existing: true },
        `Already session ${existing.id}; nothing new was registered.`,
        startWorking,
      );
    }
    const session = startSession(ctx, {
      kind: i.kind ?? env.defaultKind,
      ...(i.name !== undefined ? { name: i.name } : {}),
      ...(i.role !== undefined ? { role: i.role } : {}),
    });
    await env.adopt(session.id);
    env.touched([ctx.layout.sessionFile(session.id)]);
    return toolResult('registered', { session }, `Registered session ${session.id}.`, startWorking);
  },
};
