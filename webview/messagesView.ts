import type { MessageRow } from '../src/dashboard/protocol';
import { el, setHidden, setText, setTitle, shown, toggleClass } from './dom';
import type { Host } from './host';
import { ComposeView } from './composeView';
import { button, countBadge, section } from './section';
import type { DashboardStore } from './store';
import { ThreadIndex, type Thread } from './threads';
import { when } from './time';
import { VirtualList } from './virtualList';

/** One line of the feed: a thread (folded or open) or, under an open thread, one of its replies. */
interface FeedItem {
  message: MessageRow;
  thread: Thread;
  reply: boolean;
}

interface FeedRow {
  node: HTMLElement;
  from: HTMLElement;
  to: HTMLElement;
  time: HTMLElement;
  subject: HTMLElement;
  snippet: HTMLElement;
  priority: HTMLElement;
  fold: HTMLButtonElement;
}

/** Direct messages and broadcasts in threads, newest first; a reading pane; the compose form. */
export class MessagesView {
  readonly element: HTMLElement;
  private readonly list: VirtualList<FeedItem>;
  private readonly count = countBadge();
  private readonly rows = new WeakMap<HTMLElement, FeedRow>();
  private readonly compose: ComposeView;
  private readonly reader = el('article', { class: 'reader', attrs: { 'aria-live': 'polite' } });
  private readonly readerSubject = el('h3', { class: 'reader-subject' });
  private readonly readerMeta = el('div', { class: 'reader-meta' });
  private readonly readerPriority = el('span', { class: 'priority' });
  private readonly readerBody = el('div', { class: 'reader-body' });
  private readonly readerActions: HTMLElement;
  private readonly readerEmpty = el('div', { class: 'reader-empty', text: 'Select a message to read it.' });
  private readonly threads = new ThreadIndex();
  private threadsVersion = -1;
  private itemsKey = '';
  private store: DashboardStore | undefined;

  constructor(private readonly host: Host) {
    this.compose = new ComposeView(host);
    this.list = new VirtualList<FeedItem>({
      rowHeight: 52,
      className: 'feed',
      label: 'Messages',
      empty: "No messages to this window's session or to everyone.",
      create: () => this.createRow(),
      update: (node, item) => this.fill(node, item),
      key: (item) => item.message.id,
    });
    this.readerActions = el(
      'div',
      { class: 'reader-actions' },
      button('Reply', () => this.reply(), { className: 'needs-session' }),
      button('Open in Editor', () => this.openSelected(), { secondary: true }),
    );
    this.reader.append(
      el('div', { class: 'reader-head' }, this.readerPriority, this.readerSubject),
      this.readerMeta,
      this.readerBody,
      this.readerActions,
    );
    const write = button('New Message', () => this.newMessage(), { secondary: true, className: 'needs-session' });
    this.element = section(
      'messages',
      'Messages',
      this.count,
      [write],
      el(
        'div',
        { class: 'messages-body' },
        this.list.element,
        el('div', { class: 'messages-side' }, this.readerEmpty, this.reader, this.compose.element),
      ),
    );
  }

  render(store: DashboardStore): void {
    this.store = store;
    if (this.threadsVersion !== store.versions.messages) {
      const last = store.lastMessagesPatch;
      const inPlace =
        last?.version === store.versions.messages &&
        this.threadsVersion === last.version - 1 &&
        this.threads.apply(store.messages, last.patch);
      if (!inPlace) this.threads.rebuild(store.messages);
      this.threadsVersion = store.versions.messages;
    }
    const itemsKey = `${store.versions.messages}|${this.host.state.expandedThreads.join(',')}`;
    if (itemsKey !== this.itemsKey) {
      this.itemsKey = itemsKey;
      const expanded = new Set(this.host.state.expandedThreads);
      const items: FeedItem[] = [];
      let unread = 0;
      for (const thread of this.threads.ordered) {
        unread += thread.unread;
        items.push({ message: thread.root, thread, reply: false });
        if (expanded.has(thread.root.id))
          for (const r of thread.replies) items.push({ message: r, thread, reply: true });
      }
      setText(this.count, unread ? `${unread} unread` : String(store.messages.size));
      this.list.setItems(items);
    } else {
      this.list.refresh();
    }
    this.compose.render(store);
    this.showReader();
  }

  settle(requestId: number, ok: boolean): void {
    this.compose.settle(requestId, ok);
  }

  private createRow(): HTMLElement {
    const priority = el('span', { class: 'priority' });
    const from = el('span', { class: 'feed-from' });
    const to = el('span', { class: 'feed-to' });
    const time = el('span', { class: 'feed-time' });
    const subject = el('span', { class: 'feed-subject' });
    const snippet = el('span', { class: 'feed-snippet' });
    const fold = el('button', { class: 'fold', attrs: { type: 'button' } });
    const node = el(
      'div',
      { class: 'feed-row', attrs: { tabindex: '0' } },
      el('div', { class: 'feed-line' }, priority, from, to, el('span', { class: 'spacer' }), fold, time),
      el('div', { class: 'feed-line' }, subject, snippet),
    );
    fold.addEventListener('click', (e) => {
      e.stopPropagation();
      const item = this.list.itemAt(node);
      if (item) this.toggleThread(item.thread.root.id);
    });
    const select = () => {
      const item = this.list.itemAt(node);
      if (item) this.select(item.message);
    };
    node.addEventListener('click', select);
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select();
      }
    });
    this.rows.set(node, { node, from, to, time, subject, snippet, priority, fold });
    return node;
  }

  private fill(node: HTMLElement, item: FeedItem): void {
    const row = this.rows.get(node);
    const store = this.store;
    if (!row || !store) return;
    const m = item.message;
    node.dataset.id = m.id;
    toggleClass(node, 'unread', !m.read);
    toggleClass(node, 'reply', item.reply);
    toggleClass(node, 'selected', m.id === this.host.state.selectedMessage);
    setText(row.priority, m.priority === 'normal' ? '' : m.priority);
    row.priority.className = `priority priority-${m.priority}`;
    setText(row.from, store.nameOf(m.from));
    setTitle(row.from, m.from);
    setText(row.to, m.to === 'broadcast' ? '→ everyone' : m.to === store.selfId ? '→ you' : `→ ${store.nameOf(m.to)}`);
    setText(row.time, when(m.sentAt, store.now()));
    setText(row.subject, m.subject);
    setText(row.snippet, m.body.length > 200 ? `${m.body.slice(0, 200)}…` : m.body);
    const replies = item.reply ? 0 : item.thread.replies.length;
    setHidden(row.fold, replies === 0);
    if (replies) {
      const open = this.host.state.expandedThreads.includes(item.thread.root.id);
      setText(
        row.fold,
        `${open ? '▾' : '▸'} ${replies} ${replies === 1 ? 'reply' : 'replies'}${item.thread.unread && !open ? ` · ${item.thread.unread} unread` : ''}`,
      );
      row.fold.setAttribute('aria-expanded', String(open));
    }
    node.setAttribute(
      'aria-label',
      shown(`${m.read ? '' : 'unread, '}${m.priority} priority, from ${store.nameOf(m.from)}: ${m.subject}`),
    );
  }

  private toggleThread(id: string): void {
    const expanded = new Set(this.host.state.expandedThreads);
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    this.host.save({ expandedThreads: [...expanded] });
    if (this.store) this.render(this.store);
  }

  private select(m: MessageRow): void {
    this.host.save({ selectedMessage: m.id });
    // Reading it here is reading it: the host marks it read through the core, and the delta clears the mark.
    if (!m.read && this.store?.selfId) this.host.post({ type: 'markRead', id: m.id });
    this.list.refresh();
    this.showReader();
  }

  private selected(): MessageRow | undefined {
    const id = this.host.state.selectedMessage;
    return id ? this.store?.messages.get(id) : undefined;
  }

  private showReader(): void {
    const m = this.selected();
    const store = this.store;
    setHidden(this.reader, !m);
    setHidden(this.readerEmpty, m !== undefined);
    if (!m || !store) return;
    setText(this.readerSubject, m.subject);
    setText(this.readerPriority, m.priority);
    this.readerPriority.className = `priority priority-${m.priority}`;
    const to = m.to === 'broadcast' ? 'everyone' : m.to === store.selfId ? 'you' : store.nameOf(m.to);
    setText(
      this.readerMeta,
      `${store.nameOf(m.from)} (${m.from}) to ${to} · ${when(m.sentAt, store.now())}${m.ackRequired ? ' · asks for an acknowledgement' : ''}`,
    );
    setText(
      this.readerBody,
      m.bodyCut
        ? `${m.body}…\n\n(${m.bodyCut.toLocaleString()} more characters: Open in Editor shows the whole message)`
        : m.body || '(no text)',
    );
  }

  private reply(): void {
    const m = this.selected();
    if (m && this.store) this.compose.startReply(m, this.store.nameOf(m.from));
  }

  private newMessage(): void {
    this.compose.element.scrollIntoView({ block: 'nearest' });
    (this.compose.element.querySelector('vscode-textfield') as HTMLElement | null)?.focus();
  }

  private openSelected(): void {
    const m = this.selected();
    if (m) this.host.post({ type: 'openMessage', id: m.id });
  }
}
