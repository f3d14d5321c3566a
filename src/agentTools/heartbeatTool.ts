import * as z from 'zod/mini';
import { heartbeatSession } from '../core/operations/heartbeatSession';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const input = z.strictObject({
  action: z.optional(
    z.string().check(z.maxLength(200), z.describe('What you are doing, e.g. "editing", "testing", "reviewing".')),
  ),
  target: z.optional(
    z
      .string()
      .check(
        z.maxLength(400),
        z.describe(
          'On what, e.g. a file "src/auth.ts" or "issue 42"; others are warned when two sessions work on one target.',
        ),
      ),
  ),
  phase: z.optional(z.string().check(z.maxLength(100), z.describe('e.g. "design", "implement", "test".'))),
  progress: z.optional(z.int().check(z.minimum(0), z.maximum(100), z.describe('Percent done, 0-100.'))),
  session: sessionField,
});

export const heartbeatTool: AgentTool<z.infer<typeof input>> = {
  name: 'heartbeat',
  title: 'Heartbeat',
  description:
    'Tell the others you are alive and what you are doing; also renews every claim you hold. Call it at least every minute while you work: ' +
    'a session silent for two minutes shows as stale, and after 15 minutes it is gone and its claims are free for others.',
  input,
  mutating: true,
  describeCall: (i) => `Send a heartbeat${i.action ? `: ${i.action}${i.target ? ` ${i.target}` : ''}` : ''}`,
  async run(i, env) {
    const session = requireActingSession(env, i.session);
    const { session: _omit, ...beat } = i;
    const result = await heartbeatSession(env.ctx, env.syncSettings, session, beat);
    const renewed = result.renewed.map((c) => `${c.type}/${c.name}`);
    env.touched([
      env.ctx.layout.sessionFile(session),
      ...result.renewed.map((c) => env.ctx.layout.claimFile(c.type, c.name)),
    ]);
    return toolResult(
      'beat',
      { session: result.session, renewed },
      `Heartbeat ${result.session.beats} for ${session}${renewed.length ? `; renewed ${renewed.join(', ')}` : ''}.`,
      'go on with your work; check your inbox now and then (inbox tool)',
    );
  },
};
