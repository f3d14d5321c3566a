import { DiagnosticSink } from '../../core/store/diagnostics';
import { inbox } from '../../core/messages/messages';
import { inboxLine } from '../format';
import { rejectExtra } from '../args';
import type { Command } from '../command';

const usage = 'coord inbox [--unread]';

export const inboxCommand: Command = {
  name: 'inbox',
  summary: 'list messages to this session and broadcasts (* = unread)',
  usage,
  options: { unread: { type: 'boolean', help: '--unread         only messages not read yet' } },
  needsSession: true,
  run({ ctx, session, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const sink = new DiagnosticSink();
    const entries = inbox(ctx, session, { unreadOnly: values.unread === true }, sink);
    const unread = entries.filter((e) => !e.read).length;
    const lines = entries.length
      ? entries.map(inboxLine)
      : [values.unread === true ? 'No unread messages.' : 'No messages.'];
    if (entries.length)
      lines.push(`${entries.length} message(s), ${unread} unread — open one with \`coord read <id>\``);
    if (sink.items.length) lines.push(`(${sink.items.length} bad file(s) skipped — run \`coord doctor\`)`);
    return {
      json: { messages: entries.map((e) => ({ ...e.message, read: e.read })), unread, diagnostics: sink.items },
      text: lines.join('\n'),
    };
  },
};
