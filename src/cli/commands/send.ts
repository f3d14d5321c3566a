import { usageError } from '../../core/store/errors';
import { identicalSendWindowMs, sendOnce } from '../../core/messages/sendOnce';
import { priorities, type Priority } from '../../core/records/message';
import { rejectExtra, requirePositionals, stringValue } from '../args';
import type { Command } from '../command';

const usage = 'coord send <session-id|broadcast> <subject> <body> [--priority P] [--reply-to ID] [--ack] [--key K]';

export const sendCommand: Command = {
  name: 'send',
  summary: 'message a session, or every session with broadcast',
  usage,
  details:
    'Body "-" reads the body from standard input. Exit 1 when the recipient is unknown, gone or ended. ' +
    `A send repeated with the same --key, or an identical send of the session within ${identicalSendWindowMs / 1000} ` +
    "s, writes no second message: it prints the first one's id.",
  options: {
    priority: { type: 'string', help: '--priority P     low, normal (default), high or critical' },
    'reply-to': { type: 'string', help: '--reply-to ID    the message this answers (threads)' },
    ack: { type: 'boolean', help: '--ack            ask the recipient to acknowledge' },
    key: { type: 'string', help: '--key K          idempotency key: sending again with K answers the first message' },
  },
  needsSession: true,
  run({ ctx, session, positionals, values }) {
    const [to, subject, bodyArg] = requirePositionals(
      positionals,
      ['session-id|broadcast', 'subject', 'body'],
      usage,
    ) as [string, string, string];
    rejectExtra(positionals, 3, usage);
    const priority = stringValue(values, 'priority') ?? 'normal';
    if (!(priorities as readonly string[]).includes(priority))
      throw usageError(`--priority ${JSON.stringify(priority)} must be one of ${priorities.join(', ')}`);
    const body = bodyArg === '-' ? readStdin() : bodyArg;
    const replyTo = stringValue(values, 'reply-to');
    const key = stringValue(values, 'key');
    const { message, repeated } = sendOnce(ctx, session, to, subject, body, {
      priority: priority as Priority,
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(values.ack === true ? { ackRequired: true } : {}),
      ...(key !== undefined ? { key } : {}),
    });
    if (repeated) {
      const how = repeated === 'key' ? 'same --key' : 'an identical send just now';
      return { json: { message, repeated }, text: `Already sent ${message.id} to ${to} (${how}); no second message` };
    }
    return { json: { message }, text: `Sent ${message.id} to ${to}` };
  },
};

function readStdin(): string {
  // Required lazily: only `send ... -` pays for it.
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  return readFileSync(0, 'utf8');
}
