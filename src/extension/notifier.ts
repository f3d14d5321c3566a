import * as vscode from 'vscode';
import { claimTitle } from '../core/claims/claimView';
import { formatDuration } from '../core/store/durationText';
import type { TreeChange } from '../core/views/treeCache';
import type { CoordinationRoot } from './coordinationRoot';
import type { CoordinationWorkspace } from './coordinationWorkspace';
import { readSettings } from './settings';

/**
 * Tells the user what needs them: a direct message at the priorities the setting names (Reply / Open), and a
 * warning once before one of this window's claims expires without being renewed.
 */
export class Notifier implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private readonly warned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly workspace: CoordinationWorkspace) {
    this.subscriptions = [workspace.onDidChangeRoot(({ root, changes }) => this.onChanges(root, changes))];
  }

  start(): void {
    if (!this.timer) this.timer = setInterval(() => this.checkExpiringClaims(), 15_000);
  }

  private onChanges(root: CoordinationRoot, changes: TreeChange[]): void {
    const self = root.sessionId;
    if (!self) return;
    const setting = readSettings(root.folder.uri).notifyMessages;
    if (setting === 'none') return;
    for (const change of changes) {
      if (change.kind !== 'message' || !change.after) continue;
      const m = change.after;
      if (m.to !== self || m.from === self) continue;
      if (setting === 'highAndCritical' && m.priority !== 'high' && m.priority !== 'critical') continue;
      const show = m.priority === 'critical' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(
        `${m.priority === 'normal' || m.priority === 'low' ? '' : `[${m.priority}] `}${m.from}: ${m.subject}`,
        'Open',
        'Reply',
      ).then((choice) => {
        const entry = root.snapshot()?.inbox.find((e) => e.message.id === m.id) ?? { message: m, read: false };
        if (choice === 'Open') void vscode.commands.executeCommand('coordination.openMessage', { root, entry });
        if (choice === 'Reply') void vscode.commands.executeCommand('coordination.replyMessage', { root, entry });
      });
    }
  }

  checkExpiringClaims(): void {
    for (const root of this.workspace.withSession()) {
      const settings = readSettings(root.folder.uri);
      const thresholdMs = settings.claimExpiryWarningMinutes * 60_000;
      if (thresholdMs === 0) continue;
      // With auto-heartbeat on, a claim is renewed well before it runs out; warn only when no beat will come in time.
      const renewedInTimeMs = settings.autoHeartbeat ? settings.heartbeatIntervalSeconds * 2000 : 0;
      for (const c of root.snapshot()?.claims ?? []) {
        if (
          c.claim.holder !== root.sessionId ||
          c.expired ||
          c.remainingMs > thresholdMs ||
          (c.remainingMs > renewedInTimeMs && renewedInTimeMs > 0)
        )
          continue;
        const key = `${root.rootPath}#${c.claim.type}/${c.claim.name}@${c.claim.renewedAt}`;
        if (this.warned.has(key)) continue;
        this.warned.add(key);
        void vscode.window
          .showWarningMessage(
            `Your claim ${claimTitle(c.claim)} expires in ${formatDuration(c.remainingMs)}.`,
            'Renew',
            'Release',
          )
          .then((choice) => {
            if (choice === 'Renew') void vscode.commands.executeCommand('coordination.renewClaim', { root, view: c });
            if (choice === 'Release')
              void vscode.commands.executeCommand('coordination.releaseClaim', { root, view: c });
          });
      }
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
