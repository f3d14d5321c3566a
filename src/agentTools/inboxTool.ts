import * as z from 'zod/mini';
import { DiagnosticSink } from '../core/store/diagnostics';
import { inbox } from '../core/messages/messages';
import { requireActingSession } from './actingSession';
import type { AgentTool } from './agentTool';
import { toolResult } from './toolResult';
import { sessionField } from './toolFields';

const input = z.strictObject({
  unread: z.optional(z.boolean().check(z.describe('Only messages not read yet.'))),
  session: sessionField,
});

export const inboxTool: AgentTool<z.infer<typeof input>> = {
  name: 'inbox',
  title: 'Inbox',
  description:
    'List the messages to you and the broadcasts, oldest first, each with `read`. Check it regularly (e.g. with each heartbeat); open one with the read tool.',
  input,
  mutating: false,
  run(i, env) {
    const session = requireActingSession(env, i.session);
    const sink = new DiagnosticSink();
    const entries = inbox(env.ctx, session, { unreadOnly: i.unread === true }, sink);
    const unread = entries.filter((e) => !e.read).length;
    const lines = entries.map(
      (e) =>
        `${e.read ? ' ' : '*'} ${e.message.id} ${e.message.priority === 'normal' ? '' : `[${e.message.priority}] `}from ${e.message.from}: ${e.message.subject}`,
    );
    const next =
      unread > 0
        ? 'open the unread message(s) with the read tool (id), oldest first, and answer what asks for it ' +
          '(send tool, replyTo)'
        : 'nothing new: go on with your work';
    const text = entries.length
      ? `${entries.length} message(s), ${unread} unread (* = unread):\n${lines.join('\n')}`
      : i.unread
        ? 'No unread messages.'
        : 'No messages.';
    const messages = entries.map((e) => ({ ...e.message, read: e.read }));
    return toolResult('listed', { messages, unread, diagnostics: sink.items }, text, next);
  },
};
