import type { ClaimRow, SessionRow } from '../src/dashboard/protocol';
import { el, setHidden, setText, setTitle, shown } from './dom';
import { countBadge, section } from './section';
import type { DashboardStore } from './store';
import { ago, byName } from './time';
import { VirtualList } from './virtualList';

const stateRank = { active: 0, stale: 1, gone: 2, ended: 3 } as const;
const shownClaims = 3;

interface Card {
  root: HTMLElement;
  name: HTMLElement;
  state: HTMLElement;
  meta: HTMLElement;
  age: HTMLElement;
  phase: HTMLElement;
  progress: HTMLElementTagNameMap['vscode-progress-bar'];
  percent: HTMLElement;
  doing: HTMLElement;
  claims: HTMLElement;
}

/** Session cards: this window first, then live before stale before gone before ended, then by name. */
export class SessionsView {
  readonly element: HTMLElement;
  private readonly list: VirtualList<SessionRow>;
  private readonly count = countBadge();
  private readonly cards = new WeakMap<HTMLElement, Card>();
  private byHolder = new Map<string, ClaimRow[]>();
  private claimsVersion = -1;
  private sessionsKey = '';
  private store: DashboardStore | undefined;

  constructor() {
    this.list = new VirtualList<SessionRow>({
      rowHeight: 150,
      minColumnWidth: 260,
      gap: 8,
      className: 'session-cards',
      label: 'Sessions',
      empty: 'No sessions yet. Agents register with `coord start`.',
      create: () => this.createCard(),
      update: (node, row) => this.fill(node, row),
      key: (row) => row.id,
    });
    this.element = section('sessions', 'Sessions', this.count, [], this.list.element);
  }

  render(store: DashboardStore): void {
    this.store = store;
    if (this.claimsVersion !== store.versions.claims) {
      this.claimsVersion = store.versions.claims;
      this.byHolder = new Map();
      for (const c of store.claims.values()) {
        const list = this.byHolder.get(c.holder);
        if (list) list.push(c);
        else this.byHolder.set(c.holder, [c]);
      }
    }
    const sessionsKey = `${store.versions.sessions}:${store.selfId}`;
    if (this.sessionsKey !== sessionsKey) {
      this.sessionsKey = sessionsKey;
      const self = store.selfId;
      const rows = [...store.sessions.values()].sort(
        (a, b) =>
          Number(b.id === self) - Number(a.id === self) ||
          stateRank[a.state] - stateRank[b.state] ||
          byName(a.name, b.name) ||
          (a.id < b.id ? -1 : 1),
      );
      setText(this.count, String(rows.length));
      this.list.setItems(rows);
    } else {
      this.list.refresh();
    }
  }

  /** Heartbeat ages move every second; only the cards in view are touched. */
  tick(): void {
    this.list.refresh();
  }

  private createCard(): HTMLElement {
    const name = el('span', { class: 'card-name' });
    const state = el('span', { class: 'state-pill' });
    const meta = el('div', { class: 'card-meta' });
    const age = el('span', { class: 'card-age' });
    const phase = el('span', { class: 'card-phase' });
    const progress = document.createElement('vscode-progress-bar');
    progress.max = 100;
    const percent = el('span', { class: 'card-percent' });
    const doing = el('div', { class: 'card-doing' });
    const claims = el('div', { class: 'card-claims' });
    const root = el(
      'article',
      { class: 'card' },
      el('div', { class: 'card-title' }, name, state),
      meta,
      el('div', { class: 'card-beat' }, age, phase),
      el('div', { class: 'card-progress' }, progress, percent),
      doing,
      claims,
    );
    this.cards.set(root, { root, name, state, meta, age, phase, progress, percent, doing, claims });
    return root;
  }

  private fill(node: HTMLElement, s: SessionRow): void {
    const card = this.cards.get(node);
    const store = this.store;
    if (!card || !store) return;
    const self = s.id === store.selfId;
    const stateClass = `card state-${s.state}${self ? ' self' : ''}`;
    if (card.root.className !== `${stateClass} vl-item`) card.root.className = `${stateClass} vl-item`;
    card.root.setAttribute('aria-label', shown(`${s.name}, ${s.state}`));
    setText(card.name, self ? `${s.name} (this window)` : s.name);
    setTitle(card.name, s.id);
    setText(card.state, s.state);
    setText(card.meta, [s.role, s.kind, s.host].filter(Boolean).join(' · '));
    const age =
      s.endedAt !== undefined ? `ended ${ago(store.now() - s.endedAt)}` : `beat ${ago(store.now() - s.heartbeatAt)}`;
    setText(card.age, age);
    setText(card.phase, s.phase ?? '');
    setHidden(card.phase, !s.phase);
    const hasProgress = s.progress !== undefined;
    if (hasProgress && card.progress.value !== s.progress) card.progress.value = s.progress;
    setHidden(card.progress.parentElement!, !hasProgress);
    setText(card.percent, hasProgress ? `${s.progress}%` : '');
    const doing = [s.action, s.target].filter(Boolean).join(' ');
    setText(card.doing, doing || '—');
    setTitle(card.doing, doing);
    const claims = this.byHolder.get(s.id) ?? [];
    const keys = claims.slice(0, shownClaims).map((c) => c.key);
    const more = claims.length > shownClaims ? ` +${claims.length - shownClaims}` : '';
    setText(card.claims, claims.length ? `holds ${keys.join(', ')}${more}` : 'no claims');
    setTitle(card.claims, claims.map((c) => c.key).join('\n'));
  }
}
