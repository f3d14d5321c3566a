import * as vscode from 'vscode';
import type { LogOutputChannel } from 'vscode';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { claimsOnFile, fileInRoot, holderText, leaseEndText } from './claimedFiles';

export interface ClaimedFileWarning {
  file: string;
  holder: string;
  glob: string;
  message: string;
}

/**
 * Warns once when someone starts to edit a file another session has claimed: once per file and claim, so typing
 * on is not nagged, and a new claim (a new holder, a new lease) warns again. Offers to message the holder.
 */
export class ClaimedFileWarnings implements vscode.Disposable {
  private readonly warned = new Set<string>();
  private readonly subscription: vscode.Disposable;
  private readonly shown = new vscode.EventEmitter<ClaimedFileWarning>();
  /** Fires as a warning is shown (tests and the log follow it). */
  readonly onDidWarn = this.shown.event;

  constructor(
    private readonly workspace: CoordinationWorkspace,
    private readonly log: LogOutputChannel,
    private readonly enabled: () => boolean,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.check(e.document.uri);
    });
  }

  /** Runs on every keystroke: the cheap checks first, the setting only when there is something to warn about. */
  private check(uri: vscode.Uri): void {
    const file = fileInRoot(this.workspace, uri);
    if (!file?.root.isLoaded) return;
    const self = file.root.sessionId;
    for (const view of claimsOnFile(file)) {
      if (view.claim.holder === self) continue;
      const key = `${file.root.rootPath}\0${file.relPath}\0${view.claim.name}\0${view.claim.holder}\0${view.claim.acquiredAt}`;
      if (this.warned.has(key) || !this.enabled()) continue;
      this.warned.add(key);
      const holder = holderText(file.root, view);
      const message = `${file.relPath} is claimed by ${holder} until ${leaseEndText(view)} (path ${view.claim.glob}${view.claim.shared ? ', shared' : ''}${view.claim.reason ? `: ${view.claim.reason}` : ''}). Your edits may clash with theirs.`;
      this.log.info(`Warned: ${message}`);
      this.shown.fire({ file: file.relPath, holder: view.claim.holder, glob: view.claim.glob ?? '', message });
      void vscode.window.showWarningMessage(message, 'Message Them', 'Show Claims').then((choice) => {
        if (choice === 'Message Them') {
          void vscode.commands.executeCommand('coordination.sendMessage', {
            root: file.root,
            composeTo: view.claim.holder,
            subject: `About ${file.relPath} (your claim on ${view.claim.glob})`.slice(0, 200),
          });
        } else if (choice === 'Show Claims') {
          void vscode.commands.executeCommand('coordination.claims.focus');
        }
      });
      return;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.shown.dispose();
  }
}
