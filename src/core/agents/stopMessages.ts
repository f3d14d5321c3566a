import { join } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { readBoundedFile } from '../records/recordReader';
import { assertSlug } from '../store/slug';
import { inbox } from '../messages/messages';
import { deliverUnread, type Delivery } from '../messages/turnDelivery';
import type { Message } from '../records/message';

/** Ids remembered per session: far more than ever wait at once, few enough that the file stays small. */
const rememberedIds = 200;

/** A message worth keeping an agent from going idle for: high or critical, or one whose sender asked for an ack. */
export function holdsStop(message: Message): boolean {
  return message.priority === 'high' || message.priority === 'critical' || message.ackRequired === true;
}

function raisedFile(ctx: CoordContext, sessionId: string): string {
  return join(ctx.layout.localDir, 'stop-raised', `${assertSlug('session id', sessionId)}.json`);
}

function raisedIds(ctx: CoordContext, sessionId: string): string[] {
  const read = readBoundedFile(raisedFile(ctx, sessionId));
  if (!read.ok) return [];
  try {
    const value = JSON.parse(read.raw) as { ids?: unknown };
    return Array.isArray(value.ids) ? value.ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * At an agent's Stop: when unread messages that hold a stop wait (and have not held one before), hands over the
 * unread messages — as a turn would, marking them read — so the agent goes on with them; undefined otherwise.
 * Each message holds a stop once: what was raised is remembered in `.local/` (this computer), so even a message
 * whose read mark is lost, or one raised while the agent ignores it, never keeps an agent from stopping twice.
 */
export function messagesAtStop(ctx: CoordContext, sessionId: string, limit: number): Delivery | undefined {
  const raised = new Set(raisedIds(ctx, sessionId));
  const sink = new DiagnosticSink();
  const unread = inbox(ctx, sessionId, { unreadOnly: true }, sink);
  const holding = unread.filter((e) => holdsStop(e.message) && !raised.has(e.message.id));
  if (holding.length === 0) return undefined;
  const delivery = deliverUnread(ctx, sessionId, limit, sink);
  const ids = [...raised, ...delivery.messages.map((m) => m.id)];
  writeFileAtomic(raisedFile(ctx, sessionId), toJson({ ids: [...new Set(ids)].slice(-rememberedIds) }));
  return delivery;
}
