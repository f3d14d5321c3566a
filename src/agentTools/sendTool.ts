import * as z from 'zod/mini';
import { identicalSendWindowMs, maxSendKeyLength, sendOnce } from '../core/messages/sendOnce';
import { maxBodyLength, maxSubjectLength, priorities } from '../core/records/message';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const seconds = identicalSendWindowMs / 1000;

const input = z.strictObject({
  to: z
    .string()
    .check(
      z.maxLength(64),
      z.describe('The recipient\'s session id (see the status tool), or "broadcast" for every session.'),
    ),
  subject: z.string().check(z.maxLength(maxSubjectLength), z.describe('One line.')),
  body: z.string().check(z.maxLength(maxBodyLength), z.describe('The message; Markdown is shown as text.')),
  priority: z.optional(
    z
      .enum(priorities)
      .check(
        z.describe('"low", "normal" (default), "high" or "critical"; high and critical notify people in VS Code.'),
      ),
  ),
  replyTo: z.optional(z.string().check(z.maxLength(64), z.describe('The id of the message this answers (threads).'))),
  ack: z.optional(z.boolean().check(z.describe('Ask the recipient to acknowledge.'))),
  key: z.optional(
    z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(maxSendKeyLength),
        z.describe(
          'Idempotency key of your choice (e.g. a UUID): a send repeated with the same key writes no second message ' +
            'and answers the first one (outcome "already-sent"); the same key with other content is refused.',
        ),
      ),
  ),
  session: sessionField,
});

export const sendTool: AgentTool<z.infer<typeof input>> = {
  name: 'send',
  title: 'Send message',
  description:
    'Message another session (by id) or every session ("broadcast"). Sending to an unknown, gone or ended session is refused with why. ' +
    'Use it to ask the holder of a claim you need, to hand work over, or to warn others of a change that ' +
    'affects them. Safe to repeat: an identical send (same to, subject, body, priority, replyTo, ack) within ' +
    `${seconds} s of the first, or one with a \`key\` used before, writes no second message and answers the first ` +
    'message\'s id with outcome "already-sent".',
  input,
  mutating: true,
  describeCall: (i) =>
    `Send "${i.subject}" to ${i.to}${i.priority && i.priority !== 'normal' ? ` (${i.priority})` : ''}`,
  concerns: (i) => ({ to: i.to, subject: i.subject }),
  run(i, env) {
    const session = requireActingSession(env, i.session);
    const { message, repeated } = sendOnce(env.ctx, session, i.to, i.subject, i.body, {
      priority: i.priority ?? 'normal',
      ...(i.replyTo !== undefined ? { replyTo: i.replyTo } : {}),
      ...(i.ack === true ? { ackRequired: true } : {}),
      ...(i.key !== undefined ? { key: i.key } : {}),
    });
    const next =
      message.to === 'broadcast'
        ? 'go on with your work; answers come to your inbox (inbox tool)'
        : `go on with your work; ${message.to}'s answer comes to your inbox (inbox tool)`;
    if (repeated) {
      return toolResult(
        'already-sent',
        { message, repeated },
        `Already sent as ${message.id} to ${message.to} ` +
          `(${repeated === 'key' ? 'same key' : `an identical send within ${seconds} s`}); no second message.`,
        next,
      );
    }
    env.touched([env.ctx.layout.messageFile(message.to, message.id)]);
    return toolResult('sent', { message }, `Sent ${message.id} to ${message.to}.`, next);
  },
};
