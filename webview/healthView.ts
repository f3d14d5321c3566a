import type { HealthFindingRow, HealthSection, ServiceRow } from '../src/dashboard/protocol';
import { el, setHidden, setText, shown } from './dom';
import { countBadge, section } from './section';
import type { DashboardStore } from './store';
import { ago, when } from './time';

const marks: Record<ServiceRow['state'], string> = {
  online: '●',
  degraded: '◐',
  offline: '○',
  timeout: '⧗',
  error: '✕',
};

/**
 * The health-check loop's last round: insights standing now, the events of the last rounds, milestone progress and
 * the services with their response times and recent history. Small lists (bounded by the host), drawn whole when a
 * round ends; every string is text, never markup.
 */
export class HealthView {
  readonly element: HTMLElement;
  private readonly count = countBadge();
  private readonly status = el('span', { class: 'health-status' });
  private readonly insights = el('ul', { class: 'health-list health-insights', attrs: { 'aria-label': 'Insights' } });
  private readonly events = el('ul', { class: 'health-list health-events', attrs: { 'aria-label': 'Recent events' } });
  private readonly milestones = el('div', {
    class: 'health-milestones',
    attrs: { role: 'list', 'aria-label': 'Milestones' },
  });
  private readonly services = el('div', {
    class: 'health-services',
    attrs: { role: 'list', 'aria-label': 'Services' },
  });
  private readonly waiting = el('p', {
    class: 'health-waiting',
    text: 'The first health check runs a few seconds after the tree loads.',
  });
  private readonly body: HTMLElement;
  private shown: HealthSection | undefined;

  constructor() {
    this.body = el(
      'div',
      { class: 'health-body' },
      el('h3', { text: 'Insights' }),
      this.insights,
      el('h3', { text: 'Milestones' }),
      this.milestones,
      el('h3', { text: 'Services' }),
      this.services,
      el('h3', { text: 'Recent events' }),
      this.events,
    );
    this.element = section('health', 'Health', this.count, [this.status], this.waiting, this.body);
    setHidden(this.body, true);
  }

  render(store: DashboardStore): void {
    const health = store.health;
    setHidden(this.waiting, health !== undefined);
    setHidden(this.body, health === undefined);
    if (!health) return;
    this.tick(store);
    if (health === this.shown) return;
    this.shown = health;
    setText(this.count, String(health.insights.length));
    this.insights.replaceChildren(
      ...(health.insights.length
        ? health.insights.map((f) => findingItem(f, store))
        : [el('li', { class: 'muted', text: 'Nothing to point out.' })]),
    );
    this.events.replaceChildren(
      ...(health.events.length
        ? health.events
            .slice(0, 50)
            .map((e) =>
              el(
                'li',
                { class: `finding severity-${e.severity}` },
                el('span', { class: 'act-time', text: when(e.at, store.now()) }),
                ' ',
                e.text,
              ),
            )
        : [el('li', { class: 'muted', text: 'No events since this window opened.' })]),
    );
    const m = health.milestones;
    this.milestones.replaceChildren(
      ...(m.items.length
        ? [
            ...m.items.map((x) => progressRow(x.title, x.done, x.total)),
            ...(m.items.length > 1 ? [progressRow('Overall', m.done, m.total, 'overall')] : []),
            ...(m.problems
              ? [
                  el('p', {
                    class: 'muted',
                    text: `${m.problems} malformed checklist line(s) — see the Milestones view`,
                  }),
                ]
              : []),
          ]
        : [el('p', { class: 'muted', text: 'No milestones (checklists in docs/coordination/milestones/*.md).' })]),
    );
    const s = health.services;
    this.services.replaceChildren(
      ...(!s.configured
        ? [el('p', { class: 'muted', text: 'No services (services.json).' })]
        : !s.checked
          ? [
              el('p', {
                class: 'muted',
                text: `${s.configured} service(s) not checked: ${s.reason ?? 'untrusted workspace'}.`,
              }),
            ]
          : s.items.map(serviceRow)),
    );
  }

  /** The round's age moves with the clock. */
  tick(store: DashboardStore): void {
    const h = store.health;
    if (h)
      setText(
        this.status,
        `round ${h.round} · ${ago(store.now() - h.at)} · ${h.runBy === 'this window' ? 'run by this window' : 'run by another process'}`,
      );
  }
}

function findingItem(f: HealthFindingRow, store: DashboardStore): HTMLElement {
  const mine = store.selfId !== undefined && f.sessions.includes(store.selfId);
  return el('li', { class: `finding severity-${f.severity}${mine ? ' mine' : ''}`, title: f.kind }, f.text);
}

function progressRow(title: string, done: number, total: number, extra = ''): HTMLElement {
  const pct = total === 0 ? 0 : Math.round((done / total) * 100);
  const bar = el('div', {
    class: 'progress',
    attrs: {
      role: 'progressbar',
      'aria-valuemin': '0',
      'aria-valuemax': String(total),
      'aria-valuenow': String(done),
      'aria-label': shown(title),
    },
  });
  bar.style.setProperty('--pct', `${pct}%`);
  return el(
    'div',
    { class: `milestone ${extra}`, attrs: { role: 'listitem' } },
    el('span', { class: 'milestone-title', text: title }),
    bar,
    el('span', { class: 'milestone-count', text: `${done}/${total} · ${pct}%` }),
  );
}

function serviceRow(r: ServiceRow): HTMLElement {
  return el(
    'div',
    { class: `service state-${r.state}`, attrs: { role: 'listitem' }, title: r.detail ?? r.state },
    el('span', { class: 'service-mark', text: marks[r.state] }),
    el('span', { class: 'service-name', text: r.name }),
    el('span', { class: 'service-state', text: r.state === 'offline' ? r.state : `${r.state} · ${r.responseMs} ms` }),
    el('span', {
      class: 'service-history',
      text: r.history.map((h) => marks[h]).join(''),
      attrs: { 'aria-label': `recent checks: ${r.history.join(', ')}` },
    }),
  );
}
