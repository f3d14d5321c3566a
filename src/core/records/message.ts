import * as z from 'zod/mini';
import { header, line, messageId, slug, text, timestamp } from './common';

export const priorities = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof priorities)[number];
export const broadcast = 'broadcast';

export const maxSubjectLength = 200;
export const maxBodyLength = 64 * 1024;

/** messages/<to>/<id>.json — written once by its sender, never changed. */
export const messageSchema = z.object({
  ...header('message'),
  id: messageId,
  from: slug,
  to: slug,
  subject: line(maxSubjectLength),
  body: text(maxBodyLength),
  priority: z.enum(priorities),
  sentAt: timestamp,
  replyTo: z.optional(messageId),
  ackRequired: z.optional(z.boolean()),
});
export type Message = z.infer<typeof messageSchema>;
