import type { HostMessage } from '../src/dashboard/protocol';
import { ActivityView } from './activityView';
import { ClaimsView } from './claimsView';
import { el } from './dom';
import { HeaderView } from './headerView';
import { HealthView } from './healthView';
import type { Host } from './host';
import { MessagesView } from './messagesView';
import { MetricsView } from './metricsView';
import { SessionsView } from './sessionsView';
import { SyncView } from './syncView';
import { ComputersView } from './computersView';
import { DashboardStore, type Touched } from './store';

/** The page: holds the store, routes the host's messages to it and draws the parts each message touched. */
export class App {
  readonly store = new DashboardStore();
  private readonly header: HeaderView;
  private readonly metrics = new MetricsView();
  private readonly sessions = new SessionsView();
  private readonly claims: ClaimsView;
  private readonly messages: MessagesView;
  private readonly activity: ActivityView;
  private readonly health = new HealthView();
  private readonly sync = new SyncView();
  private readonly computers = new ComputersView();

  constructor(
    private readonly container: HTMLElement,
    private readonly host: Host,
  ) {
    this.header = new HeaderView(host);
    this.claims = new ClaimsView(host);
    this.messages = new MessagesView(host);
    this.activity = new ActivityView(host);
    container.append(
      this.header.element,
      this.metrics.element,
      // Sections flow in a grid; the health, sync and computers sections that come later are more cells in it.
      el(
        'div',
        { class: 'sections' },
        this.sessions.element,
        this.claims.element,
        this.activity.element,
        this.messages.element,
        this.health.element,
        this.sync.element,
        this.computers.element,
      ),
    );
    window.setInterval(() => this.tick(), 1000);
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.render(this.store.applySnapshot(message));
        this.container.setAttribute('aria-busy', 'false');
        return;
      case 'delta': {
        const touched = this.store.applyDelta(message);
        // A lost or reordered delta: ask for the whole state again rather than show a wrong one.
        if (!touched)
          this.host.post({
            type: 'ready',
            ...(this.host.state.rootPath ? { rootPath: this.host.state.rootPath } : {}),
          });
        else this.render(touched);
        return;
      }
      case 'actionResult':
        this.claims.settle(message.requestId);
        this.messages.settle(message.requestId, message.ok);
        return;
    }
  }

  private render(t: Touched): void {
    const store = this.store;
    if (t.context || t.sessions) this.header.render(store);
    this.metrics.render(store);
    if (t.context || t.sessions || t.claims) this.sessions.render(store);
    if (t.context || t.sessions || t.claims) this.claims.render(store);
    if (t.context || t.sessions || t.messages) this.messages.render(store);
    if (t.sessions || t.activity) this.activity.render(store);
    if (t.health || t.context) this.health.render(store);
    if (t.sync || t.context) this.sync.render(store);
    if (t.computers || t.context) this.computers.render(store);
    // Tells tests and the benchmark that this revision is on screen; carries no data.
    document.dispatchEvent(new CustomEvent('dashboard:rendered', { detail: { revision: store.revision } }));
  }

  /** Ages and time left move with the clock; only what is in view is touched. */
  private tick(): void {
    if (this.store.revision < 0 || document.hidden) return;
    this.metrics.render(this.store);
    this.sessions.tick();
    this.claims.tick();
    this.health.tick(this.store);
    this.sync.tick(this.store);
    this.computers.tick(this.store);
  }
}
