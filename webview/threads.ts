import type { KeyedPatch } from '../src/dashboard/protocol';
import type { MessageRow } from '../src/dashboard/protocol';

export interface Thread {
  /** The message the thread is folded under: its first message's id, or the id of the message all reply to. */
  key: string;
  /** The first message of the thread that this inbox holds. */
  root: MessageRow;
  /** The others, oldest first. */
  replies: MessageRow[];
  latest: number;
  unread: number;
}

/** Deeper chains than this are folded at this depth; it also stops a loop of replies that name each other. */
const maxDepth = 64;

const byTime = (a: MessageRow, b: MessageRow) => a.sentAt - b.sentAt || (a.id < b.id ? -1 : 1);
/** Newest activity first. */
const threadOrder = (a: Thread, b: Thread) => b.latest - a.latest || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);

/**
 * Messages folded into threads by `replyTo`, newest activity first. Replies to a message this inbox does not hold
 * (one this session sent, say) are folded under that message's id, so they still read as one conversation.
 * A delta that only adds messages or changes read marks is applied in place — a new message moves one thread —
 * so 10,000 messages are not regrouped for each one.
 */
export class ThreadIndex {
  private keyOf = new Map<string, string>();
  private byKey = new Map<string, Thread>();
  ordered: Thread[] = [];

  rebuild(messages: ReadonlyMap<string, MessageRow>): void {
    this.keyOf = new Map();
    const groups = new Map<string, MessageRow[]>();
    for (const m of messages.values()) {
      const key = this.keyFor(m, messages);
      const group = groups.get(key);
      if (group) group.push(m);
      else groups.set(key, [m]);
    }
    this.byKey = new Map();
    for (const [key, group] of groups) {
      if (group.length > 1) group.sort(byTime);
      const root = group[0]!;
      this.byKey.set(key, {
        key,
        root,
        replies: group.slice(1),
        latest: group[group.length - 1]!.sentAt,
        unread: countUnread(group),
      });
    }
    this.ordered = [...this.byKey.values()].sort(threadOrder);
  }

  /** Applies a patch in place; false when it cannot (a removal, or a message that regroups others) and a rebuild is due. */
  apply(messages: ReadonlyMap<string, MessageRow>, patch: KeyedPatch<MessageRow>): boolean {
    if (patch.remove.length > 0) return false;
    for (const m of patch.upsert) {
      const known = this.keyOf.get(m.id);
      if (known !== undefined) {
        const thread = this.byKey.get(known);
        if (!thread) return false;
        if (thread.root.id === m.id) thread.root = m;
        else thread.replies = thread.replies.map((r) => (r.id === m.id ? m : r));
        thread.unread = countUnread([thread.root, ...thread.replies]);
        continue;
      }
      const key = this.keyFor(m, messages);
      // Replies that arrived before this message are folded under its id; if it belongs elsewhere, regroup.
      if (key !== m.id && this.byKey.has(m.id)) return false;
      const thread = this.byKey.get(key);
      if (!thread) {
        const fresh: Thread = { key, root: m, replies: [], latest: m.sentAt, unread: m.read ? 0 : 1 };
        this.byKey.set(key, fresh);
        this.place(fresh);
        continue;
      }
      this.unplace(thread);
      const all = [thread.root, ...thread.replies, m].sort(byTime);
      thread.root = all[0]!;
      thread.replies = all.slice(1);
      thread.latest = Math.max(thread.latest, m.sentAt);
      thread.unread += m.read ? 0 : 1;
      this.place(thread);
    }
    return true;
  }

  private keyFor(m: MessageRow, messages: ReadonlyMap<string, MessageRow>): string {
    const known = this.keyOf.get(m.id);
    if (known) return known;
    const chain: string[] = [];
    let current = m;
    let key = m.id;
    for (let depth = 0; depth < maxDepth; depth++) {
      chain.push(current.id);
      const cached = this.keyOf.get(current.id);
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
    for (const id of chain) this.keyOf.set(id, key);
    return key;
  }

  private place(thread: Thread): void {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (threadOrder(this.ordered[mid]!, thread) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.ordered.splice(lo, 0, thread);
  }

  private unplace(thread: Thread): void {
    const at = this.ordered.indexOf(thread);
    if (at >= 0) this.ordered.splice(at, 1);
  }
}

function countUnread(messages: readonly MessageRow[]): number {
  let n = 0;
  for (const m of messages) if (!m.read) n++;
  return n;
}
