import * as z from 'zod/mini';
import { messageId, slug } from '../core/records/common';
import { maxBodyLength, maxSubjectLength, priorities } from '../core/records/message';
import { claimActions, pageCommands } from './protocol';

// The host's check of what the page sends (a webview is a separate, less trusted context). Apart from protocol.ts,
// which the page imports: zod stays out of the page's bundle.

const requestId = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER));

export const pageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), rootPath: z.optional(z.string().check(z.maxLength(4096))) }),
  z.object({ type: z.literal('selectRoot'), rootPath: z.string().check(z.maxLength(4096)) }),
  z.object({ type: z.literal('claimAction'), requestId, action: z.enum(claimActions), claimType: slug, name: slug }),
  z.object({
    type: z.literal('send'),
    requestId,
    to: slug,
    subject: z.string().check(z.maxLength(maxSubjectLength)),
    body: z.string().check(z.maxLength(maxBodyLength)),
    priority: z.enum(priorities),
    replyTo: z.optional(messageId),
  }),
  z.object({ type: z.literal('markRead'), id: messageId }),
  z.object({ type: z.literal('openMessage'), id: messageId }),
  z.object({ type: z.literal('runCommand'), command: z.enum(pageCommands) }),
]);

/** A message from the page, as the host accepts it. */
export type PageMessage = z.infer<typeof pageMessageSchema>;
