import { readMessage } from '../../core/messages/messages';
import { rejectExtra, requirePositionals } from '../args';
import { formatMessageText } from '../../core/messages/messageText';
import type { Command } from '../command';

const usage = 'coord read <message-id>';

export const readCommand: Command = {
  name: 'read',
  summary: 'show one message of your inbox and mark it read',
  usage,
  needsSession: true,
  run({ ctx, session, positionals }) {
    const [id] = requirePositionals(positionals, ['message-id'], usage) as [string];
    rejectExtra(positionals, 1, usage);
    const message = readMessage(ctx, session, id);
    return { json: { message }, text: formatMessageText(message) };
  },
};
