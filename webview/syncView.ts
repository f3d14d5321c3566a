import { el, setHidden, setText, toggleClass } from './dom';
import { section } from './section';
import type { DashboardStore } from './store';
import { ago, timeLeft } from './time';

/**
 * The sync loop of the root: the last round (what it did, how long ago), what waits to go out or come in, the
 * reason when it was offline or gave up, and when the next round comes. Hidden where the root does not sync.
 */
export class SyncView {
  readonly element: HTMLElement;
  private readonly status = el('span', { class: 'sync-status' });
  private readonly count = el('span', { class: 'sync-badge' });
  private readonly summary = el('p', { class: 'sync-summary' });
  private readonly reason = el('p', { class: 'sync-reason' });
  private readonly next = el('p', { class: 'sync-next muted' });

  constructor() {
    this.element = section('sync', 'Sync', this.count, [this.status], this.summary, this.reason, this.next);
    setHidden(this.element, true);
  }

  render(store: DashboardStore): void {
    const sync = store.sync;
    setHidden(this.element, sync === undefined);
    if (!sync) return;
    const where = sync.where ? `${sync.where}/${sync.branch ?? ''}` : 'git';
    setText(this.count, sync.outcome ?? '');
    setText(
      this.summary,
      sync.outcome === undefined
        ? `Syncs with ${where}; no round yet.`
        : `With ${where}: received ${sync.fetched ?? 0}, pushed ${sync.pushed ?? 0}; ahead ${sync.ahead ?? 0}, behind ${sync.behind ?? 'unknown'}${sync.pendingClaims ? `; ${sync.pendingClaims} claim(s) pending` : ''}.`,
    );
    setText(this.reason, sync.reason ?? '');
    setHidden(this.reason, !sync.reason);
    toggleClass(
      this.element,
      'sync-trouble',
      sync.outcome === 'offline' || sync.outcome === 'gave-up' || sync.reason !== undefined,
    );
    this.tick(store);
  }

  /** Ages and the next round move with the clock. */
  tick(store: DashboardStore): void {
    const sync = store.sync;
    if (!sync) return;
    setText(this.status, sync.running ? 'syncing…' : sync.at ? `${ago(store.now() - sync.at)}` : '');
    setText(
      this.next,
      sync.loopElsewhere
        ? `The sync loop runs in ${sync.loopElsewhere}.`
        : sync.nextRunAt
          ? `Next round in ${timeLeft(Math.max(1000, sync.nextRunAt - store.now()))}.`
          : '',
    );
  }
}
