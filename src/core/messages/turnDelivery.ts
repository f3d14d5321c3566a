import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { inbox } from './messages';
import { markRead } from './readMarkers';
import { priorities, type Message } from '../records/message';

export interface Delivery {
  /** The messages handed over this time, most urgent first, then oldest first. */
  messages: Message[];
  /** Unread messages left for the next turn because of the limit. */
  remaining: number;
}

/**
 * Hands a session its unread messages at a turn boundary and marks them read, so the next turn gets only what
 * arrived since. At most `limit` per turn: a flood must not bury the agent's own context; the rest come next turn.
 * A message is marked only after it was picked, and each mark is its own file, so two turns delivering at once
 * can at worst both show a message, never lose one.
 */
export function deliverUnread(
  ctx: CoordContext,
  sessionId: string,
  limit: number,
  sink = new DiagnosticSink(),
): Delivery {
  const unread = inbox(ctx, sessionId, { unreadOnly: true }, sink).map((e) => e.message);
  const urgency = (m: Message) => priorities.length - priorities.indexOf(m.priority);
  // inbox() is oldest first and sort is stable: ties keep that order.
  const picked = [...unread].sort((a, b) => urgency(a) - urgency(b)).slice(0, Math.max(0, limit));
  for (const message of picked) markRead(ctx.layout, sessionId, message.id);
  return { messages: picked, remaining: unread.length - picked.length };
}
