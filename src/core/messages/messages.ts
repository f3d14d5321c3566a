import { readdirSync } from 'node:fs';
import { createExclusive, toJson } from '../store/atomicFile';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { badTree, refused, usageError } from '../store/errors';
import { messageIdPattern, messageIdTime, newMessageId } from '../store/ids';
import { formatDuration } from '../store/durationText';
import { heartbeatAgeMs, isAlive, livenessOf } from '../sessions/liveness';
import { listRecords, readRecord } from '../records/recordReader';
import {
  broadcast,
  maxBodyLength,
  maxSubjectLength,
  messageSchema,
  type Message,
  type Priority,
} from '../records/message';
import { findSession, requireOwnSession } from '../sessions/sessions';
import { assertSlug } from '../store/slug';
import { markRead, readMessageIds } from './readMarkers';

export interface SendOptions {
  priority?: Priority;
  replyTo?: string;
  ackRequired?: boolean;
  /** Internal notices (a force-release) may go to a session that is no longer alive. */
  allowGone?: boolean;
}

/**
 * Delivers a message by writing it once into the recipient's inbox folder. A recipient that is unknown, gone or
 * ended is refused: a message is never dropped silently.
 */
export function sendMessage(
  ctx: CoordContext,
  from: string,
  to: string,
  subject: string,
  rawBody: string,
  options: SendOptions = {},
): Message {
  // Windows line endings (a body piped from a Windows editor or a CRLF file) are stored as LF, here, where every
  // front end's send arrives, rather than refused as control characters; a lone CR still is (it redraws a line).
  const body = rawBody.replace(/\r\n/g, '\n');
  requireOwnSession(ctx, from);
  assertSlug('recipient', to);
  if (to !== broadcast) checkRecipient(ctx, to, options.allowGone === true);
  if (subject.trim().length === 0) throw usageError('the subject is empty');
  if (subject.length > maxSubjectLength)
    throw usageError(`the subject is ${subject.length} characters; at most ${maxSubjectLength}`);
  if (/[\u0000-\u001f\u007f]/.test(subject))
    throw usageError('the subject must be one line without control characters');
  // 64 KiB as the words say: bytes, as the file holds the body (UTF-8), not UTF-16 code units, which would let
  // 64 Ki three-byte characters (192 KiB) through and count an emoji as two.
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > maxBodyLength) {
    throw usageError(`the body is ${bytes} bytes (UTF-8); at most ${maxBodyLength} (64 KiB)`);
  }
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(body))
    throw usageError('the body contains control characters (only newlines, CRLF line ends and tabs are allowed)');
  if (options.replyTo !== undefined && !messageIdPattern.test(options.replyTo)) {
    // Worded for every front end: the CLI calls it --reply-to, the tools replyTo.
    throw usageError(
      `the message this answers (reply-to), ${JSON.stringify(options.replyTo)}, is not a message id`,
      undefined,
      { action: 'choose-existing', kind: 'message' },
    );
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = ctx.clock.now();
    const message: Message = {
      object: 'message',
      version: 1,
      id: newMessageId(now),
      from,
      to,
      subject,
      body,
      priority: options.priority ?? 'normal',
      sentAt: isoTime(now),
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
      ...(options.ackRequired ? { ackRequired: true } : {}),
    };
    if (createExclusive(ctx.layout.messageFile(to, message.id), toJson(message))) {
      // A sender has read its own broadcast; counting it unread would need every broadcast parsed.
      if (to === broadcast) markRead(ctx.layout, from, message.id);
      return message;
    }
  }
  throw refused('could not mint a unique message id after 5 attempts');
}

function checkRecipient(ctx: CoordContext, to: string, allowGone: boolean): void {
  const session = findSession(ctx, to);
  if (!session)
    throw refused(
      `no session ${to} in ${ctx.layout.dir}`,
      undefined,
      { recipient: to },
      { action: 'choose-existing', kind: 'recipient' },
    );
  const now = ctx.clock.now();
  const state = livenessOf(session, now, ctx.config);
  if (!allowGone && !isAlive(state)) {
    // Bounced with the reason, so the sender knows the difference between "left" and "went silent" and acts on it.
    const why =
      state === 'ended'
        ? `is ended (it stopped at ${session.endedAt})`
        : `is gone: no heartbeat for ${formatDuration(heartbeatAgeMs(session, now))} (a session is retired after ${formatDuration(ctx.config.goneAfterSeconds * 1000)} without one; its claims are free)`;
    throw refused(
      `session ${to} ${why}; it would never read the message`,
      undefined,
      { recipient: to, state },
      { action: 'choose-existing', kind: 'recipient' },
    );
  }
}

export interface InboxEntry {
  message: Message;
  read: boolean;
}

export interface InboxOptions {
  unreadOnly?: boolean;
}

/** Direct messages to the session and broadcasts from others, oldest first. */
export function inbox(
  ctx: CoordContext,
  sessionId: string,
  options: InboxOptions = {},
  sink = new DiagnosticSink(),
): InboxEntry[] {
  requireOwnSession(ctx, sessionId);
  const read = readMessageIds(ctx.layout, sessionId);
  const entries: InboxEntry[] = [];
  for (const folder of [sessionId, broadcast]) {
    for (const record of listRecords(ctx.layout.inboxDir(folder), messageSchema, 'message', sink)) {
      const message = record.value;
      if (message.id !== record.name || message.to !== folder) {
        sink.add(
          record.path,
          `holds message ${message.id} to ${message.to} but lives at ${folder}/${record.name}.json`,
        );
        continue;
      }
      if (folder === broadcast && message.from === sessionId) continue;
      const isRead = read.has(message.id);
      if (options.unreadOnly && isRead) continue;
      entries.push({ message, read: isRead });
    }
  }
  return entries.sort((a, b) => (a.message.id < b.message.id ? -1 : a.message.id > b.message.id ? 1 : 0));
}

/** Opens one message of the session's inbox and marks it read. */
export function readMessage(ctx: CoordContext, sessionId: string, id: string): Message {
  requireOwnSession(ctx, sessionId);
  for (const folder of [sessionId, broadcast]) {
    const path = ctx.layout.messageFile(folder, id);
    const result = readRecord(path, messageSchema, 'message');
    if (result.ok) {
      markRead(ctx.layout, sessionId, id);
      return result.value;
    }
    if (!result.missing) {
      throw badTree(`message file ${path} ${result.reason}`, undefined, undefined, { action: 'repair-tree', path });
    }
  }
  throw refused(
    `message ${id} is not in the inbox of ${sessionId}`,
    undefined,
    { id },
    { action: 'choose-existing', kind: 'message' },
  );
}

export interface InboxCounts {
  direct: number;
  broadcast: number;
  unread: number;
}

/** Counts without parsing: names are ids, so a listing is enough. Used where 100,000 messages must stay cheap. */
export function countInbox(ctx: CoordContext, sessionId: string): InboxCounts {
  const read = readMessageIds(ctx.layout, sessionId);
  const direct = messageNames(ctx.layout.inboxDir(sessionId));
  const broadcasts = messageNames(ctx.layout.inboxDir(broadcast));
  const unread = [...direct, ...broadcasts].filter((id) => !read.has(id)).length;
  return { direct: direct.length, broadcast: broadcasts.length, unread };
}

/** Message counts per inbox folder and how many were sent since `sinceMs`, read from file names only. */
export function messageTotals(ctx: CoordContext, sinceMs: number): { total: number; since: number; inboxes: number } {
  const dir = ctx.layout.messagesDir;
  let folders: string[];
  try {
    folders = readdirSync(dir);
  } catch {
    // Missing, or a file where the folder belongs (doctor reports that): no messages to count.
    return { total: 0, since: 0, inboxes: 0 };
  }
  let total = 0;
  let since = 0;
  let inboxes = 0;
  for (const folder of folders) {
    if (folder.startsWith('.')) continue;
    inboxes++;
    for (const id of messageNames(`${dir}/${folder}`)) {
      total++;
      if (messageIdTime(id) >= sinceMs) since++;
    }
  }
  return { total, since, inboxes };
}

function messageNames(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const name of names) {
    if (name.length === 31 && name.endsWith('.json')) {
      const id = name.slice(0, 26);
      if (messageIdPattern.test(id)) ids.push(id);
    }
  }
  return ids;
}
