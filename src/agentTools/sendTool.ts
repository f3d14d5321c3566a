import * as z from 'zod/mini';
import { sendMessage } from '../core/messages/messages';
import { maxBodyLength, maxSubjectLength, priorities } from '../core/schemas/message';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { sessionField } from './toolFields';

const input = z.strictObject({
  to: z.string().check(z.maxLength(64), z.describe('The recipient\'s session id (see the status tool), or "broadcast" for every session.')),
  subject: z.string().check(z.maxLength(maxSubjectLength), z.describe('One line.')),
  body: z.string().check(z.maxLength(maxBodyLength), z.describe('The message; Markdown is shown as text.')),
  priority: z.optional(z.enum(priorities).check(z.describe('"low", "normal" (default), "high" or "critical"; high and critical notify people in VS Code.'))),
  replyTo: z.optional(z.string().check(z.maxLength(64), z.describe('The id of the message this answers (threads).'))),
  ack: z.optional(z.boolean().check(z.describe('Ask the recipient to acknowledge.'))),
  session: sessionField,
});

export const sendTool: AgentTool<z.infer<typeof input>> = {
  name: 'send',
  title: 'Send message',
  description:
    'Message another session (by id) or every session ("broadcast"). Sending to an unknown, gone or ended session is refused with why. '
    + 'Use it to ask the holder of a claim you need, to hand work over, or to warn others of a change that affects them.',
  input,
  mutating: true,
  describeCall: (i) => `Send "${i.subject}" to ${i.to}${i.priority && i.priority !== 'normal' ? ` (${i.priority})` : ''}`,
  run(i, env) {
    const session = requireActingSession(env, i.session);
    const message = sendMessage(env.ctx, session, i.to, i.subject, i.body, {
      priority: i.priority ?? 'normal', ...(i.replyTo !== undefined ? { replyTo: i.replyTo } : {}), ...(i.ack === true ? { ackRequired: true } : {}),
    });
    env.touched([env.ctx.layout.messageFile(message.to, message.id)]);
    return { structured: { message }, text: `Sent ${message.id} to ${message.to}.` };
  },
};
