import type { ComputerRow } from '../src/dashboard/protocol';
import { el, setText } from './dom';
import { countBadge, section } from './section';
import type { DashboardStore } from './store';
import { ago } from './time';

/** Names shown per computer; the rest are counted. */
const shownSessions = 8;

/**
 * Every computer that syncs the tree, this one first: its state as the host judged it (by when the computer's news
 * last arrived here), how long ago that was, its live sessions, and for this computer its sync. A short list, drawn
 * whole when it changes; the ages tick. Every string is text: host and session names come from other computers.
 */
export class ComputersView {
  readonly element: HTMLElement;
  private readonly count = countBadge();
  private readonly status = el('span', { class: 'computers-status' });
  private readonly list = el('ul', { class: 'computer-list', attrs: { 'aria-label': 'Computers' } });
  private shown: ComputerRow[] | undefined;
  /** Age labels to move with the clock: the element, the time it counts from, and the words around the age. */
  private ages: { node: HTMLElement; at: number; before: string; after: string }[] = [];

  constructor() {
    this.element = section('computers', 'Computers', this.count, [this.status], this.list);
  }

  render(store: DashboardStore): void {
    const computers = store.computers;
    if (computers === this.shown) return this.tick(store);
    this.shown = computers;
    this.ages = [];
    setText(this.count, String(computers.length));
    const offline = computers.filter((c) => c.state === 'offline').length;
    setText(this.status, offline ? `${offline} offline` : '');
    this.list.replaceChildren(...computers.map((c) => this.item(c)));
    this.tick(store);
  }

  tick(store: DashboardStore): void {
    const now = store.now();
    for (const a of this.ages) setText(a.node, `${a.before}${ago(Math.max(0, now - a.at))}${a.after}`);
  }

  private age(at: number, before = '', after = ''): HTMLElement {
    const node = el('span', { class: 'computer-age' });
    this.ages.push({ node, at, before, after });
    return node;
  }

  private item(c: ComputerRow): HTMLElement {
    const live = c.sessions.filter((s) => s.state === 'active' || s.state === 'stale');
    const names = live.slice(0, shownSessions).map((s) =>
      el('span', {
        class: `computer-session${s.working ? ' working' : ''}`,
        text: s.name,
        title: `${s.id} — ${s.state}${s.working ? ', working' : ''}`,
      }),
    );
    const hidden = live.length - shownSessions;
    const more = hidden > 0 ? el('span', { class: 'muted', text: `+${hidden} more` }) : undefined;
    const never = () => el('span', { class: 'computer-age', text: 'no news yet' });
    const news = c.self ? undefined : c.newsAt === undefined ? never() : this.age(c.newsAt, 'news ');
    const copies = c.writers > 1 ? ` · ${c.writers} copies of the tree` : '';
    return el(
      'li',
      { class: `computer computer-${c.state}${c.self ? ' self' : ''}`, attrs: { 'data-host': c.host } },
      el(
        'div',
        { class: 'computer-title' },
        el('span', { class: 'computer-host', text: c.host, title: c.host }),
        c.self ? el('span', { class: 'muted', text: '(this computer)' }) : undefined,
        el('span', { class: 'state-pill computer-state', text: c.sync?.syncing ? `${c.state} · syncing…` : c.state }),
        el('span', { class: 'spacer' }),
        news,
      ),
      el(
        'div',
        { class: 'computer-sessions' },
        el('span', { class: 'muted', text: `${c.live} live, ${c.working} working${copies}` }),
        ...names,
        more,
      ),
      c.sync ? this.syncLine(c) : undefined,
    );
  }

  private syncLine(c: ComputerRow): HTMLElement {
    const sync = c.sync;
    const line = el('div', { class: `computer-sync${sync?.error ? ' sync-trouble' : ''}` });
    if (!sync) return line;
    if (sync.outcome === undefined || sync.finishedAt === undefined) {
      line.append(sync.neverSynced ? 'Never synced with a remote.' : 'No round recorded yet.');
      return line;
    }
    line.append(
      this.age(
        sync.finishedAt,
        `Last round ${sync.outcome} `,
        `; ahead ${sync.ahead ?? 0}, behind ${sync.behind ?? 'unknown'}.`,
      ),
      ...(c.newsAt !== undefined ? [' ', this.age(c.newsAt, 'Published ', '.')] : []),
    );
    if (sync.error) line.append(el('span', { class: 'computer-error', text: sync.error }));
    return line;
  }
}
