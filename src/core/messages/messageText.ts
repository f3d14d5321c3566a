import { cleanText } from '../store/cleanText';
import type { Message } from '../records/message';

/** A message as plain text: headers, a blank line, the body. Shared by `coord read` and the editor's read-only view. */
export function formatMessageText(m: Message): string {
  return [
    `From:     ${m.from}`,
    `To:       ${m.to}`,
    `Sent:     ${m.sentAt}`,
    `Priority: ${m.priority}`,
    ...(m.replyTo ? [`Reply to: ${m.replyTo}`] : []),
    ...(m.ackRequired ? ['Ack:      requested — reply to acknowledge'] : []),
    `Subject:  ${cleanText(m.subject)}`,
    `Id:       ${m.id}`,
    '',
    cleanText(m.body),
  ].join('\n');
}
