import type { ActivityRow } from '../src/dashboard/protocol';
import { el, setText, setTitle } from './dom';
import type { Host } from './host';
import { countBadge, section } from './section';
import type { DashboardStore } from './store';
import { when } from './time';
import { VirtualList } from './virtualList';

interface Line {
  time: HTMLElement;
  kind: HTMLElement;
  text: HTMLElement;
}

const labels: Record<ActivityRow['kind'], string> = {
  joined: 'joined',
  stale: 'stale',
  gone: 'gone',
  left: 'left',
  claimed: 'claimed',
  renewed: 'renewed',
  released: 'released',
  expired: 'expired',
  takenOver: 'took over',
  messageSent: 'message',
};

/** What happened, newest first, as the host derived it from the changes it saw and from the records. */
export class ActivityView {
  readonly element: HTMLElement;
  private readonly list: VirtualList<ActivityRow>;
  private readonly count = countBadge();
  private readonly lines = new WeakMap<HTMLElement, Line>();
  private readonly hideRenewals = document.createElement('vscode-checkbox');
  private key = '';
  private store: DashboardStore | undefined;

  constructor(private readonly host: Host) {
    this.list = new VirtualList<ActivityRow>({
      rowHeight: 24,
      className: 'activity-rows',
      label: 'Activity',
      empty: 'Nothing has happened yet.',
      create: () => this.createLine(),
      update: (node, row) => this.fill(node, row),
      key: (row) => String(row.seq),
    });
    this.hideRenewals.label = 'Hide renewals';
    this.hideRenewals.checked = host.state.hideRenewals;
    this.hideRenewals.addEventListener('change', () => {
      host.save({ hideRenewals: this.hideRenewals.checked });
      if (this.store) this.render(this.store);
    });
    this.element = section('activity', 'Activity', this.count, [this.hideRenewals], this.list.element);
  }

  render(store: DashboardStore): void {
    this.store = store;
    const hide = this.host.state.hideRenewals;
    const key = `${store.versions.activity}:${hide}`;
    if (key === this.key) {
      this.list.refresh();
      return;
    }
    this.key = key;
    const rows = hide ? store.activity.filter((a) => a.kind !== 'renewed') : store.activity;
    setText(this.count, String(rows.length));
    this.list.setItems(rows);
  }

  private createLine(): HTMLElement {
    const time = el('span', { class: 'act-time' });
    const kind = el('span', { class: 'act-kind' });
    const text = el('span', { class: 'act-text' });
    const node = el('div', { class: 'act-row' }, time, kind, text);
    this.lines.set(node, { time, kind, text });
    return node;
  }

  private fill(node: HTMLElement, a: ActivityRow): void {
    const line = this.lines.get(node);
    const store = this.store;
    if (!line || !store) return;
    setText(line.time, when(a.at, store.now()));
    setText(line.kind, labels[a.kind]);
    line.kind.className = `act-kind kind-${a.kind}`;
    const text = describe(a, store);
    setText(line.text, text);
    setTitle(line.text, text);
  }
}

/** One sentence per event; names from the sessions the page knows, ids otherwise. */
function describe(a: ActivityRow, store: DashboardStore): string {
  const who = store.nameOf(a.session);
  switch (a.kind) {
    case 'joined':
      return `${who} joined`;
    case 'stale':
      return `${who} went stale (no heartbeat)`;
    case 'gone':
      return `${who} is gone; its claims can be taken over`;
    case 'left':
      return `${who} left`;
    case 'claimed':
      return `${who} claimed ${a.claim ?? ''}`;
    case 'renewed':
      return `${who} renewed ${a.claim ?? ''}`;
    case 'released':
      return `${a.claim ?? ''} released (held by ${who})`;
    case 'expired':
      return `${a.claim ?? ''} of ${who} expired`;
    case 'takenOver':
      return `${who} took over ${a.claim ?? ''}${a.previousHolder ? ` from ${store.nameOf(a.previousHolder)}` : ''}`;
    case 'messageSent':
      return `${who} → ${a.to === 'broadcast' ? 'everyone' : a.to ? store.nameOf(a.to) : '?'}: ${a.subject ?? ''}`;
  }
}
