import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { acquireLock, pause } from '../store/fileMutation';
import { createExclusive, safeUnlink, toJson, writeFileAtomic } from '../store/atomicFile';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import { ioError, refused, usageError } from '../store/errors';
import { messageIdPattern } from '../store/ids';
import { textFingerprint } from '../store/randomBytes';
import { readRecord } from '../records/recordReader';
import { header } from '../records/common';
import { messageSchema, type Message } from '../records/message';
import { requireOwnSession } from '../sessions/sessions';
import { sendMessage, type SendOptions } from './messages';

/** An identical send of one session within this long is the same send made twice (an agent's repeated call). */
export const identicalSendWindowMs = 10_000;

/** The longest client key a send takes: a UUID or a short label, not a document. */
export const maxSendKeyLength = 200;

export interface SendOnceOptions extends Omit<SendOptions, 'allowGone'> {
  /** The client's idempotency key: a send with a key this session used before answers that send's message. */
  key?: string;
}

export interface SendOnceResult {
  message: Message;
  /** Set when no message was written because this send had been made already: how it was recognized. */
  repeated?: 'key' | 'identical';
}

/**
 * `sendMessage` for a person's or an agent's own send (`coord send`, the send tool), made safe to repeat: a send
 * whose key this session used already, or an identical one (recipient, subject, body, priority, reply-to and ack)
 * within 10 seconds, answers the first message instead of writing a second. The session's sends are serialized
 * by an exclusive-create lock in `.local/sends/<session>/` (one computer's, as a session is), so two processes
 * racing the same send write one message. The first message itself decides whether a later send repeats it: the
 * records only point at it, so a collision of their hashed names can never swallow a different message.
 */
export function sendOnce(
  ctx: CoordContext,
  from: string,
  to: string,
  subject: string,
  body: string,
  options: SendOnceOptions = {},
): SendOnceResult {
  requireOwnSession(ctx, from);
  const { key, ...sendOptions } = options;
  if (key !== undefined) checkKey(key);
  const dir = ctx.layout.sendRecordsDir(from);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw ioError('create', dir, error);
  }
  for (let attempt = 0; attempt < 400; attempt++) {
    const lock = acquireLock(join(dir, '.send'));
    if (lock === undefined) {
      pause(2 + Math.min(attempt, 20));
      continue;
    }
    try {
      if (lock.superseded()) continue;
      return sendLocked(ctx, dir, from, { to, subject, body: body.replace(/\r\n/g, '\n'), ...sendOptions }, key);
    } finally {
      lock.release();
    }
  }
  throw refused(`session ${from} is sending too fast to send another message; try again`);
}

interface Draft extends Omit<SendOnceOptions, 'key'> {
  to: string;
  subject: string;
  body: string;
}

/** `.local/sends/<session>/{keys,recent}/<hash>.json`: which message a send made, and when. */
const recordSchema = z.object({
  ...header('send'),
  id: z.string().check(z.regex(messageIdPattern)),
  to: z.string(),
  at: z.string(),
  key: z.optional(z.string()),
});
type SendRecord = z.infer<typeof recordSchema>;

function sendLocked(
  ctx: CoordContext,
  dir: string,
  from: string,
  draft: Draft,
  key: string | undefined,
): SendOnceResult {
  const now = ctx.clock.now();
  const keyFile = key !== undefined ? join(dir, 'keys', `${textFingerprint(key)}.json`) : undefined;
  const keyed = keyFile !== undefined ? earlier(ctx, keyFile) : undefined;
  if (keyed && keyed.record.key === key) {
    if (!sameSend(keyed.message, draft))
      throw usageError(
        `key ${JSON.stringify(key)} was used already, for message ${keyed.message.id} ` +
          `("${keyed.message.subject}" to ${keyed.message.to}), which this send differs from`,
        'give a new message a new key; repeat a send with its own key and the same content',
      );
    return { message: keyed.message, repeated: 'key' };
  }
  const identicalFile = join(dir, 'recent', `${textFingerprint(JSON.stringify(identity(draft)))}.json`);
  const recent = earlier(ctx, identicalFile);
  if (recent && now - Date.parse(recent.record.at) < identicalSendWindowMs && sameSend(recent.message, draft)) {
    // Remembered under its key too, so a retry with this key later still finds the one message.
    if (keyFile && !keyed) createExclusive(keyFile, toJson({ ...recent.record, key }));
    return { message: recent.message, repeated: 'identical' };
  }
  const { to, subject, body, ...sendOptions } = draft;
  const message = sendMessage(ctx, from, to, subject, body, sendOptions);
  const record: SendRecord = { object: 'send', version: 1, id: message.id, to: message.to, at: isoTime(now) };
  writeFileAtomic(identicalFile, toJson(record));
  // A key's first use is kept for good; a hash collision with another key leaves that one's record in place.
  if (keyFile && !keyed) writeFileAtomic(keyFile, toJson({ ...record, key }));
  forgetOldSends(join(dir, 'recent'), now);
  return { message };
}

/** What makes two sends of one session the same send. */
function identity(d: Pick<Draft, 'to' | 'subject' | 'body' | 'priority' | 'replyTo' | 'ackRequired'>): unknown[] {
  return [d.to, d.subject, d.body, d.priority ?? 'normal', d.replyTo ?? null, d.ackRequired === true];
}

function sameSend(message: Message, draft: Draft): boolean {
  return JSON.stringify(identity(message)) === JSON.stringify(identity(draft));
}

/** The record at `file` and the message it points to; undefined when either is missing or unreadable. */
function earlier(ctx: CoordContext, file: string): { record: SendRecord; message: Message } | undefined {
  const found = readRecord(file, recordSchema, 'send');
  if (!found.ok) return undefined;
  const message = readRecord(ctx.layout.messageFile(found.value.to, found.value.id), messageSchema, 'message');
  return message.ok ? { record: found.value, message: message.value } : undefined;
}

/** The identical-send records outlive their window only until the next send: the folder stays as small as a burst. */
function forgetOldSends(dir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const found = readRecord(join(dir, name), recordSchema, 'send');
    if (!found.ok || now - Date.parse(found.value.at) >= identicalSendWindowMs) safeUnlink(join(dir, name));
  }
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > maxSendKeyLength || /[\u0000-\u001f\u007f]/.test(key)) {
    throw usageError(`the send key must be 1 to ${maxSendKeyLength} characters without control characters`);
  }
}
