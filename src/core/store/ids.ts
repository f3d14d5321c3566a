import { randomBytes } from './randomBytes';
import { slugify } from './slug';

// Crockford base32, lowercase so that ids are also slugs.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number, length: number): string {
  let out = '';
  let value = ms;
  for (let i = 0; i < length; i++) {
    out = alphabet[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

export function randomPart(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % 32];
  return out;
}

/**
 * A ULID-style id: 10 characters of millisecond time then 16 random ones. Ids sort by time and two computers
 * never mint the same one.
 */
export function newMessageId(nowMs: number): string {
  return encodeTime(nowMs, 10) + randomPart(16);
}

export const messageIdPattern = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** The time a message id was minted, read from its first ten characters. */
export function messageIdTime(id: string): number {
  let value = 0;
  for (const ch of id.slice(0, 10)) value = value * 32 + alphabet.indexOf(ch);
  return value;
}

/** `<slug-of-name>-<random>`: readable in listings, unique across computers. */
export function newSessionId(name: string): string {
  return `${slugify(name, 40, 'session')}-${randomPart(6)}`;
}

export function newWorkId(title: string): string {
  return `${slugify(title, 40, 'work')}-${randomPart(4)}`;
}
