import type { DashboardContext } from '../src/dashboard/protocol';
import { el, setHidden, setText, shown } from './dom';
import type { Host } from './host';
import { button } from './section';
import type { DashboardStore } from './store';

/** Which folder, who this window is, and the way out when there is no tree or no session yet. */
export class HeaderView {
  readonly element: HTMLElement;
  private readonly root = el('span', { class: 'root-label' });
  private readonly rootSelect = document.createElement('vscode-single-select');
  private readonly who = el('span', { class: 'who' });
  private readonly problems = el('button', { class: 'problems', attrs: { type: 'button' } });
  private readonly register: HTMLElement;
  private readonly initialize: HTMLElement;
  private roots = '';

  constructor(private readonly host: Host) {
    this.rootSelect.setAttribute('aria-label', 'Folder');
    this.rootSelect.addEventListener('change', () => {
      const rootPath = this.rootSelect.value;
      host.save({ rootPath });
      host.post({ type: 'selectRoot', rootPath });
    });
    this.problems.addEventListener('click', () => host.post({ type: 'runCommand', command: 'coordination.showLog' }));
    this.register = button('Register This Window', () =>
      host.post({ type: 'runCommand', command: 'coordination.registerSession' }),
    );
    this.initialize = button('Initialize Coordination', () =>
      host.post({ type: 'runCommand', command: 'coordination.initialize' }),
    );
    const refresh = button('Refresh', () => host.post({ type: 'runCommand', command: 'coordination.refresh' }), {
      secondary: true,
      title: 'Read the whole tree again',
    });
    this.element = el(
      'header',
      { class: 'top' },
      el('h1', { text: 'Coordination' }),
      this.root,
      this.rootSelect,
      this.who,
      this.problems,
      el('span', { class: 'spacer' }),
      this.initialize,
      this.register,
      refresh,
    );
  }

  render(store: DashboardStore): void {
    const c = store.context;
    if (!c) return;
    this.showRoots(c);
    const self = c.selfId ? store.sessions.get(c.selfId) : undefined;
    setText(
      this.who,
      !c.hasTree
        ? 'No coordination tree in this folder yet.'
        : c.selfId
          ? `You are ${self?.name ?? c.selfId} · ${c.selfId}${self ? ` · ${self.state}` : ''}`
          : 'This window has no session.',
    );
    this.who.className = `who${self ? ` state-${self.state}` : ''}`;
    setText(this.problems, c.problems ? `${c.problems} file${c.problems === 1 ? '' : 's'} skipped` : '');
    this.problems.title = 'Broken or foreign files were skipped; the log and `coord doctor` say which';
    setHidden(this.problems, c.problems === 0);
    setHidden(this.initialize, c.hasTree);
    setHidden(this.register, !c.hasTree || c.selfId !== undefined);
    document.body.classList.toggle('no-session', c.selfId === undefined);
  }

  private showRoots(c: DashboardContext): void {
    const key = JSON.stringify(c.roots);
    const several = c.roots.length > 1;
    setHidden(this.rootSelect, !several);
    setHidden(this.root, several);
    setText(this.root, c.rootLabel ?? '');
    if (key !== this.roots) {
      this.roots = key;
      this.rootSelect.replaceChildren(
        ...c.roots.map((r) => {
          const o = document.createElement('vscode-option');
          o.value = r.path;
          o.textContent = shown(r.hasTree ? r.label : `${r.label} (no tree)`);
          return o;
        }),
      );
    }
    if (c.rootPath && this.rootSelect.value !== c.rootPath) this.rootSelect.value = c.rootPath;
  }
}
