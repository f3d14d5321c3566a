import * as z from 'zod/mini';
import { readMessage } from '../core/messages/messages';
import { formatMessageText } from '../core/messages/messageText';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const input = z.strictObject({
  id: z.string().check(z.maxLength(64), z.describe('The message id, from the inbox tool.')),
  session: sessionField,
});

/** Marks the message read — this computer's own read marker, not the shared tree — so it needs no confirmation. */
export const readTool: AgentTool<z.infer<typeof input>> = {
  name: 'read',
  title: 'Read message',
  description: 'Show one message of your inbox in full and mark it read.',
  input,
  mutating: false,
  concerns: (i) => ({ message: { id: i.id } }),
  run(i, env) {
    const session = requireActingSession(env, i.session);
    const message = readMessage(env.ctx, session, i.id);
    const answer = `send tool with to: "${message.from}" and replyTo: "${message.id}"`;
    const next = message.ackRequired
      ? `the sender asks for an acknowledgement: answer with the ${answer}`
      : `if it asks something of you, answer with the ${answer}; otherwise go on with your work`;
    return toolResult('read', { message }, formatMessageText(message), next);
  },
};
