import * as vscode from 'vscode';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { claimsOnFile, fileInRoot, holderText, leaseEndText } from './claimedFiles';

/**
 * Marks files and folders covered by live path claims in the explorer (and wherever file decorations show): `C`
 * for another session's claim, coloured as a warning, `✓` for this window's own; the holder and the lease in the
 * tooltip.
 */
export class PathClaimDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private signature = '';
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly workspace: CoordinationWorkspace) {
    this.subscriptions = [workspace.onDidChange(() => this.refreshIfClaimsChanged())];
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const file = fileInRoot(this.workspace, uri);
    if (!file) return undefined;
    if (!file.root.isLoaded) {
      // The explorer asking is the first sign path claims matter here: load the tree then (the change redraws).
      if (file.root.hasTree()) void file.root.ensureLoaded();
      return undefined;
    }
    const claims = claimsOnFile(file);
    if (claims.length === 0) return undefined;
    const self = file.root.sessionId;
    const others = claims.filter((v) => v.claim.holder !== self);
    const lines = claims.map((v) => {
      const who = v.claim.holder === self ? 'you' : holderText(file.root, v);
      return `Claimed by ${who} until ${leaseEndText(v)} — path ${v.claim.glob}${v.claim.shared ? ' (shared)' : ''}`;
    });
    return {
      // Told apart by the badge, not by colour alone (high-contrast themes do not colour the label).
      badge: others.length > 0 ? 'C' : '✓',
      tooltip: lines.join('\n'),
      ...(others.length > 0 ? { color: new vscode.ThemeColor('list.warningForeground') } : {}),
      propagate: false,
    };
  }

  /** Redraws only when the set of live path claims changed, and again when the first of them runs out. */
  private refreshIfClaimsChanged(): void {
    const parts: string[] = [];
    let nextExpiry = Infinity;
    for (const root of this.workspace.all()) {
      const snapshot = root.isLoaded ? root.snapshot() : undefined;
      for (const v of snapshot?.claims ?? []) {
        if (v.claim.glob === undefined || v.free) continue;
        parts.push(`${root.rootPath}\0${v.claim.name}\0${v.claim.holder}\0${root.sessionId ?? ''}`);
        nextExpiry = Math.min(nextExpiry, v.remainingMs);
      }
    }
    const signature = parts.sort().join('\n');
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = Number.isFinite(nextExpiry)
      ? setTimeout(() => this.refreshIfClaimsChanged(), Math.min(nextExpiry + 1000, 2 ** 31 - 1))
      : undefined;
    if (signature === this.signature) return;
    this.signature = signature;
    this.changed.fire(undefined);
  }

  dispose(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
