import * as z from 'zod/mini';
import { maxSlugLength, slugPattern } from '../store/slug';
import { messageIdPattern } from '../store/ids';

/** Protocol version this build reads and writes. Files with another version are reported and skipped. */
export const protocolVersion = 1;

export const slug = z.string().check(
  z.maxLength(maxSlugLength),
  z.regex(slugPattern),
  z.refine((s) => !s.includes('..')),
);
export const timestamp = z.iso.datetime();
export const messageId = z.string().check(z.regex(messageIdPattern));
/** A single line of text with no control characters. */
export const line = (max: number) => z.string().check(z.maxLength(max), z.regex(/^[^\u0000-\u001f\u007f]*$/));
/** Free text: newlines and tabs allowed, other control characters not. */
export const text = (max: number) =>
  z.string().check(z.maxLength(max), z.regex(/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/));

/** Every file names what it is (`object`, as Stripe's API does) and the protocol version it was written with. */
export function header<K extends string>(object: K) {
  return { object: z.literal(object), version: z.literal(protocolVersion) };
}
