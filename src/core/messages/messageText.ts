import type { Message } from '../schemas/message';

/**
 * Replaces terminal control characters (other than newline and tab) so text from a file cannot rewrite a
 * terminal or smuggle invisible content into a rendered view.
 */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

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
