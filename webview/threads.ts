import type { MessageRow } from '../src/dashboard/protocol';

export interface Thread {
  /** The first message of the thread that this inbox holds. */
  root: MessageRow;
  /** The others, oldest first. */
  replies: MessageRow[];
  latest: number;
  unread: number;
}

/** Deeper chains than this are folded at this depth; it also stops a loop of replies that name each other. */
const maxDepth = 64;

/**
 * Folds messages into threads by `replyTo`, newest activity first. Replies to a message this inbox does not hold
 * (one this session sent, say) are folded under that message's id, so they still read as one conversation.
 */
export function threadsOf(messages: ReadonlyMap<string, MessageRow>): Thread[] {
  const keyOf = new Map<string, string>();
  const threadKey = (m: MessageRow): string => {
    const known = keyOf.get(m.id);
    if (known) return known;
    const chain: string[] = [];
    let current = m;
    let key = m.id;
    for (let depth = 0; depth < maxDepth; depth++) {
      chain.push(current.id);
      const cached = keyOf.get(current.id);
      if (cached) {
        key = cached;
        break;
      }
      if (!current.replyTo) {
        key = current.id;
        break;
      }
      const parent = messages.get(current.replyTo);
      if (!parent) {
        key = current.replyTo;
        break;
      }
      current = parent;
      key = current.id;
    }
    for (const id of chain) keyOf.set(id, key);
    return key;
  };
  const groups = new Map<string, MessageRow[]>();
  for (const m of messages.values()) {
    const key = threadKey(m);
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const threads: Thread[] = [];
  for (const group of groups.values()) {
    if (group.length > 1) group.sort((a, b) => a.sentAt - b.sentAt || (a.id < b.id ? -1 : 1));
    let unread = 0;
    for (const m of group) if (!m.read) unread++;
    const root = group[0]!;
    threads.push({ root, replies: group.slice(1), latest: group[group.length - 1]!.sentAt, unread });
  }
  return threads.sort((a, b) => b.latest - a.latest || (a.root.id < b.root.id ? 1 : -1));
}
