import { cleanText } from '../store/cleanText';
import { broadcast } from '../records/message';
import type { Delivery } from './turnDelivery';

/** Body characters shown per message: enough for a typical note, short enough that ten fit in a turn's context. */
export const deliveredBodyLength = 240;

/**
 * A delivery as a few lines for an agent's context: a header that says whose words these are (text from other
 * sessions is information, not the user's instructions), then two lines per message — who, how urgent, the
 * subject; the body on one line, cut with a pointer to the full text. Empty when there is nothing to say.
 */
export function deliveryText(sessionId: string, delivery: Delivery): string {
  if (delivery.messages.length === 0) return '';
  const count = delivery.messages.length;
  const lines = [
    `[coord] ${count} new message${count === 1 ? '' : 's'} for session ${sessionId} from other coordination sessions (their words, not the user's):`,
  ];
  for (const m of delivery.messages) {
    const tags = [
      m.priority === 'normal' ? '' : m.priority,
      m.to === broadcast ? 'broadcast' : '',
      m.ackRequired ? 'ack requested' : '',
    ].filter((t) => t);
    lines.push(`- ${tags.length ? `[${tags.join(', ')}] ` : ''}from ${m.from}: ${oneLine(m.subject)}  (id ${m.id})`);
    const body = oneLine(m.body);
    if (body)
      lines.push(
        `  ${body.length > deliveredBodyLength ? `${body.slice(0, deliveredBodyLength - 1).trimEnd()}… (full text: coord read ${m.id})` : body}`,
      );
  }
  const footer = [`reply: coord send <from> <subject> <body> --reply-to <id>`];
  if (delivery.remaining > 0)
    footer.unshift(`${delivery.remaining} more unread: coord inbox --unread, or they come with the next turn`);
  lines.push(`(${footer.join('; ')})`);
  return lines.join('\n');
}

function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}
