import * as vscode from 'vscode';
import { claimTitle } from '../core/claims/claimView';
import { formatDuration } from '../core/store/durationText';
import type { CoordinationRoot } from './coordinationRoot';
import type { CoordinationWorkspace } from './coordinationWorkspace';

/**
 * The heartbeat indicator: this window's session, its state and heartbeat age, the unread count; warning colours
 * when stale or gone. The age ticks from the in-memory snapshot — a once-a-second recompute, no file read.
 */
export class HeartbeatStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'coordination.heartbeat',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly workspace: CoordinationWorkspace) {
    this.item.name = 'Coordination Heartbeat';
    this.item.command = 'coordination.statusBarMenu';
    this.subscriptions = [workspace.onDidChange(() => this.update())];
  }

  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  /** Starts ticking; called once the first root is loaded. */
  start(): void {
    if (!this.timer) this.timer = setInterval(() => this.update(), 1000);
    this.update();
  }

  /** The root the indicator speaks for: the first loaded one with this window's session, else the first loaded one. */
  primaryRoot(): CoordinationRoot | undefined {
    const loaded = this.workspace.all().filter((r) => r.isLoaded);
    return loaded.find((r) => r.sessionId) ?? loaded[0];
  }

  update(): void {
    const root = this.primaryRoot();
    const snapshot = root?.snapshot();
    if (!root || !snapshot) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.visible = true;
    const self = snapshot.sessions.find((s) => s.session.id === snapshot.selfId);
    if (!self) {
      this.item.text = '$(debug-disconnect) Coordination';
      this.item.tooltip = 'This window is not a coordination session. Click to register it.';
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    const unread = snapshot.inbox.filter((e) => !e.read).length;
    const icon = self.state === 'active' ? '$(pulse)' : self.state === 'stale' ? '$(warning)' : '$(error)';
    this.item.text = `${icon} ${self.session.name} · ${formatDuration(self.heartbeatAgeMs)}${unread ? ` $(mail) ${unread}` : ''}`;
    this.item.backgroundColor =
      self.state === 'stale'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : self.state === 'active'
          ? undefined
          : new vscode.ThemeColor('statusBarItem.errorBackground');
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    md.appendMarkdown('**Session** ');
    md.appendText(`${self.session.id} (${self.state}, beat ${formatDuration(self.heartbeatAgeMs)} ago)`);
    md.appendMarkdown('  \n');
    md.appendMarkdown(`**Unread messages** ${unread}  \n`);
    if (self.claims.length === 0) md.appendMarkdown('No claims  \n');
    for (const c of self.claims) {
      md.appendMarkdown('$(lock) ');
      md.appendText(`${claimTitle(c.claim)} — ${c.expired ? 'expired' : `${formatDuration(c.remainingMs)} left`}`);
      md.appendMarkdown('  \n');
    }
    md.supportThemeIcons = true;
    this.item.tooltip = md;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
