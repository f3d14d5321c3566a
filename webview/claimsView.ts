import type { ClaimAction } from '../src/dashboard/protocol';
import type { ClaimRow } from '../src/dashboard/protocol';
import { el, setHidden, setText, setTitle, toggleClass } from './dom';
import type { ClaimColumn, Host } from './host';
import { button, countBadge, section } from './section';
import type { DashboardStore } from './store';
import { byName, timeLeft } from './time';
import { VirtualList } from './virtualList';

interface Row {
  holder: HTMLElement;
  dot: HTMLElement;
  claim: HTMLElement;
  left: HTMLElement;
  reason: HTMLElement;
  actions: HTMLElement;
  /** Made when first needed: most rows in view are other sessions' claims, whose one action shows on hover. */
  renew?: HTMLElement;
  release?: HTMLElement;
  force?: HTMLElement;
  act(action: ClaimAction): () => void;
}

const columns: { key: ClaimColumn; label: string }[] = [
  { key: 'holder', label: 'Holder' },
  { key: 'claim', label: 'Claim' },
  { key: 'left', label: 'Time left' },
  { key: 'reason', label: 'Reason' },
];

/** Every claim in a sortable table; actions go to the host, which runs the palette's commands. */
export class ClaimsView {
  readonly element: HTMLElement;
  private readonly list: VirtualList<ClaimRow>;
  private readonly count = countBadge();
  private readonly rows = new WeakMap<HTMLElement, Row>();
  private readonly headers = new Map<ClaimColumn, HTMLElement>();
  private store: DashboardStore | undefined;
  private version = '';
  /** Claims with an action on its way, shown busy until the host answers. */
  private readonly pending = new Map<number, string>();

  constructor(private readonly host: Host) {
    this.list = new VirtualList<ClaimRow>({
      rowHeight: 30,
      className: 'claims-rows',
      label: 'Claims',
      empty: 'Nobody holds a claim.',
      create: () => this.createRow(),
      update: (node, row) => this.fill(node, row),
      key: (row) => row.key,
    });
    const head = el('div', { class: 'claims-head', attrs: { role: 'row' } });
    for (const c of columns) {
      const b = el('button', {
        class: `th th-${c.key}`,
        attrs: { type: 'button', role: 'columnheader' },
        text: c.label,
      });
      b.addEventListener('click', () => this.sortBy(c.key));
      this.headers.set(c.key, b);
      head.appendChild(b);
    }
    head.appendChild(el('span', { class: 'th th-actions', attrs: { role: 'columnheader', 'aria-label': 'Actions' } }));
    const claim = button('Claim…', () => host.post({ type: 'runCommand', command: 'coordination.claim' }), {
      secondary: true,
      title: 'Claim a work item or a new type/name',
      className: 'needs-session',
    });
    this.element = section(
      'claims',
      'Claims',
      this.count,
      [claim],
      el('div', { class: 'claims-table', attrs: { role: 'table', 'aria-label': 'Claims' } }, head, this.list.element),
    );
    this.showSort();
  }

  render(store: DashboardStore): void {
    this.store = store;
    const { column, descending } = this.host.state.claimSort;
    // Names matter to the order only when sorting by holder; a heartbeat elsewhere just redraws the rows in view.
    const version = `${store.versions.claims}:${column === 'holder' ? store.versions.sessions : ''}:${column}:${descending}`;
    if (version === this.version) {
      this.list.refresh();
      return;
    }
    this.version = version;
    const rows = [...store.claims.values()];
    const dir = descending ? -1 : 1;
    const byKey = (a: ClaimRow, b: ClaimRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const compare: Record<ClaimColumn, (a: ClaimRow, b: ClaimRow) => number> = {
      holder: (a, b) => byName(store.nameOf(a.holder), store.nameOf(b.holder)) || byKey(a, b),
      claim: byKey,
      left: (a, b) => a.expiresAt - b.expiresAt || byKey(a, b),
      reason: (a, b) => byName(a.reason ?? '', b.reason ?? '') || byKey(a, b),
    };
    rows.sort((a, b) => dir * compare[column](a, b));
    setText(this.count, String(rows.length));
    this.list.setItems(rows);
  }

  tick(): void {
    this.list.refresh();
  }

  settle(requestId: number): void {
    if (this.pending.delete(requestId)) this.list.refresh();
  }

  private sortBy(column: ClaimColumn): void {
    const current = this.host.state.claimSort;
    this.host.save({ claimSort: { column, descending: current.column === column ? !current.descending : false } });
    this.showSort();
    if (this.store) this.render(this.store);
  }

  private showSort(): void {
    const { column, descending } = this.host.state.claimSort;
    for (const [key, header] of this.headers) {
      header.setAttribute('aria-sort', key === column ? (descending ? 'descending' : 'ascending') : 'none');
      toggleClass(header, 'sorted', key === column);
      toggleClass(header, 'descending', key === column && descending);
    }
  }

  private createRow(): HTMLElement {
    const dot = el('span', { class: 'dot' });
    const holder = el('span', { class: 'td-text' });
    const claim = el('span', { class: 'td td-claim' });
    const left = el('span', { class: 'td td-left' });
    const reason = el('span', { class: 'td td-reason' });
    const actions = el('span', { class: 'td td-actions' });
    // Focusable, so a keyboard reaches a row's actions as a pointer does by hovering.
    const node = el('div', { class: 'claim-row', attrs: { role: 'row', tabindex: '0' } });
    const act = (action: ClaimAction) => () => {
      const row = this.list.itemAt(node);
      if (!row) return;
      const requestId = this.host.requestId();
      this.pending.set(requestId, row.key);
      this.host.post({ type: 'claimAction', requestId, action, claimType: row.type, name: row.name });
      this.list.refresh();
    };
    node.append(el('span', { class: 'td td-holder' }, dot, holder), claim, left, reason, actions);
    const row: Row = { holder, dot, claim, left, reason, actions, act };
    this.rows.set(node, row);
    const reveal = () => {
      const item = this.list.itemAt(node);
      if (item && !row.force && this.store?.selfId && item.holder !== this.store.selfId) {
        row.force = button('Force release', act('forceRelease'), {
          secondary: true,
          className: 'act-force',
          title: "Release another session's claim; its holder is told by message",
        });
        actions.appendChild(row.force);
        this.fill(node, item);
      }
    };
    node.addEventListener('pointerenter', reveal);
    node.addEventListener('focusin', reveal);
    return node;
  }

  private fill(node: HTMLElement, c: ClaimRow): void {
    const row = this.rows.get(node);
    const store = this.store;
    if (!row || !store) return;
    const holderState = store.sessions.get(c.holder)?.state ?? 'unknown';
    const own = c.holder === store.selfId;
    const left = c.expiresAt - store.now();
    node.dataset.key = c.key;
    setText(row.holder, own ? `${store.nameOf(c.holder)} (you)` : store.nameOf(c.holder));
    setTitle(row.holder, `${c.holder} · ${holderState}`);
    row.dot.className = `dot state-${holderState}`;
    // Pending: taken on this computer, not yet confirmed on the git remote (another computer may still win it).
    // A path claim's name is a key; people know it by its glob.
    const label = c.glob !== undefined ? `path ${c.glob}${c.shared ? ' (shared)' : ''}` : c.key;
    setText(row.claim, c.confirmation === 'pending' ? `${label} · pending` : label);
    const why = c.pendingReason ? ` (last try: ${c.pendingReason})` : '';
    setTitle(
      row.claim,
      c.confirmation === 'pending'
        ? `${label} — pending: not yet confirmed on the remote${why}; the next sync confirms or withdraws it`
        : label,
    );
    setText(row.left, timeLeft(left));
    toggleClass(row.left, 'expired', left <= 0);
    toggleClass(row.left, 'soon', left > 0 && left < (store.context?.expiringSoonSeconds ?? 300) * 1000);
    setText(row.reason, c.reason ?? '');
    setTitle(row.reason, c.reason ?? '');
    const busy = [...this.pending.values()].includes(c.key);
    const hasSession = store.selfId !== undefined;
    if (own && !row.renew) {
      row.renew = button('Renew', row.act('renew'), { secondary: true, className: 'act-renew' });
      row.release = button('Release', row.act('release'), { secondary: true, className: 'act-release' });
      row.actions.prepend(row.renew, row.release);
    }
    for (const b of [row.renew, row.release]) if (b) setHidden(b, !own);
    if (row.force) setHidden(row.force, own || !hasSession);
    for (const b of [row.renew, row.release, row.force])
      if (b) (b as HTMLElementTagNameMap['vscode-button']).disabled = busy;
  }
}
