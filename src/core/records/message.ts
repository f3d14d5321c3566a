import * as z from 'zod/mini';
import { header, line, messageId, slug, text, timestamp } from './common';

export const priorities = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof priorities)[number];
export const broadcast = 'broadcast';

export const maxSubjectLength = 200;
/**
 * A body's limit: 64 KiB of UTF-8, as `sendMessage` counts it. The record schema bounds the string's length by the
 * same number, which every body within the byte limit meets (a UTF-16 code unit is never less than a byte).
 */
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
