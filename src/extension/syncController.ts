import * as vscode from 'vscode';
import { syncEngine } from './syncEngineLoader';
import { readClaimFile } from '../core/claims/claimRead';
import { claimRefsDir } from '../core/sync/claimConfirmationIndex';
import { refused } from '../core/store/errors';
import { findGitCheckout } from '../core/store/gitCheckout';
import type { Claim } from '../core/records/claim';
import type { SyncSettings } from '../core/sync/syncSettings';
import type { SyncResult } from '../core/sync/syncResult';
import type { CoordinationRoot } from './coordinationRoot';
import type { CoordinationWorkspace } from './coordinationWorkspace';
import { RootSync, type RootSyncState } from './rootSync';
import { readSyncSettings } from './syncSettings';
import { mayRunProcessesAndNetwork } from './trust';

/** The first loop round waits this long after the roots load, so opening a window never waits on git. */
const firstRoundDelayMs = 3000;
/** A claim left pending is tried again on its renewals no more often than this; a new lease is tried at once. */
const pendingRetryMs = 60_000;

/**
 * Sync for every root of the window: a loop per root in a git checkout (when enabled and the workspace is
 * trusted — untrusted, no git process ever starts), Sync Now, and the confirmation of this window's own new
 * claims as soon as they are taken. Started lazily, after the first root has loaded.
 */
export class SyncController implements vscode.Disposable {
  private readonly roots = new Map<CoordinationRoot, RootSync>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly confirming = new Set<string>();
  /** When a claim last stayed pending (no remote reachable): renewals every heartbeat do not retry sooner. */
  private readonly pendingSince = new Map<string, number>();
  private loadedKey = '';

  constructor(
    private readonly workspace: CoordinationWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      workspace.onDidChangeRoot(({ root, changes }) => {
        for (const change of changes)
          if (change.kind === 'claim' && change.after) this.confirmOwnClaim(root, change.after);
      }),
    ];
  }

  /** Whether a root syncs at all here: trusted, enabled, and inside a git checkout. */
  /** The settings the operations layer confirms claims with: sync off where this window may not run git. */
  settingsFor(root: CoordinationRoot): SyncSettings {
    const settings = readSyncSettings(root.folder.uri);
    return { ...settings, enabled: this.applies(root) };
  }

  applies(root: CoordinationRoot): boolean {
    return (
      mayRunProcessesAndNetwork() &&
      readSyncSettings(root.folder.uri).enabled &&
      findGitCheckout(root.rootPath) !== undefined
    );
  }

  /** Calls update() when the set of loaded roots changed (cheap enough for every workspace event). */
  rootsChanged(): void {
    const key = this.workspace
      .all()
      .filter((r) => r.isLoaded)
      .map((r) => r.rootPath)
      .join('\n');
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    this.update();
  }

  /** (Re)starts or stops the loops to match the roots, the settings and trust. */
  update(): void {
    const wanted = new Set(this.workspace.all().filter((r) => r.isLoaded && r.hasTree() && this.applies(r)));
    for (const [root, sync] of this.roots) {
      if (wanted.has(root)) continue;
      sync.dispose();
      this.roots.delete(root);
    }
    for (const root of wanted) {
      let sync = this.roots.get(root);
      if (!sync) {
        sync = new RootSync(root, this.log, (result) => this.afterRound(root, result));
        sync.onDidChange(() => this.changed.fire());
        this.roots.set(root, sync);
        sync.start(firstRoundDelayMs);
      } else sync.start(firstRoundDelayMs);
    }
    this.changed.fire();
  }

  /** One round now for `root`; refuses with what to do when sync cannot run there. */
  async syncNow(root: CoordinationRoot): Promise<SyncResult> {
    if (!mayRunProcessesAndNetwork())
      throw refused(
        'sync is off in an untrusted workspace: it would run git',
        'trust this workspace (Manage Workspace Trust) to sync',
        undefined,
        { action: 'change-environment', need: 'workspace-trust' },
      );
    if (!readSyncSettings(root.folder.uri).enabled)
      throw refused('sync is turned off', 'set coordination.sync.enabled to true', undefined, {
        action: 'change-environment',
        need: 'sync-enabled',
      });
    if (!findGitCheckout(root.rootPath))
      throw refused(
        `${root.rootPath} is not in a git repository; there is nothing to sync with`,
        'run `git init` and add a remote, or keep working locally',
        undefined,
        { action: 'change-environment', need: 'git-repository' },
      );
    let sync = this.roots.get(root);
    if (!sync) {
      sync = new RootSync(root, this.log, (result) => this.afterRound(root, result));
      sync.onDidChange(() => this.changed.fire());
      this.roots.set(root, sync);
    }
    return sync.runNow();
  }

  state(root: CoordinationRoot): RootSyncState | undefined {
    return this.roots.get(root)?.state;
  }

  private afterRound(root: CoordinationRoot, result: SyncResult): void {
    // The round's confirmations reach the snapshot at once, without waiting for the watcher's batch.
    // Only the claim types whose folder changed are re-read.
    root.refreshPaths([claimRefsDir(root.layout)]);
    for (const lost of result.claims.lost) {
      if (lost.holder !== root.sessionId) continue;
      void vscode.window.showWarningMessage(
        `Coordination: your claim ${lost.key} was withdrawn — ${lost.winner ? `${lost.winner} got it first on another computer` : 'it was released on another computer'}.`,
      );
    }
  }

  /** A claim this window's session just took is confirmed on the remote at once, as `coord claim` does. */
  private confirmOwnClaim(root: CoordinationRoot, claim: Claim): void {
    const key = `${root.rootPath}#${claim.type}/${claim.name}`;
    if (claim.holder !== root.sessionId || this.confirming.has(key) || !this.applies(root)) return;
    if (confirmationInSnapshot(root, claim) === 'confirmed') return;
    const lastPending = this.pendingSince.get(key);
    if (
      lastPending !== undefined &&
      Date.now() - lastPending < pendingRetryMs &&
      claim.acquiredAt <= new Date(lastPending).toISOString()
    )
      return;
    this.confirming.add(key);
    void (async () => {
      try {
        const path = root.ctx.layout.claimFile(claim.type, claim.name);
        // The core's reader: schema and size checked, and the exact bytes the compare-and-swap needs.
        const read = readClaimFile(path);
        if (!read || read.claim.holder !== root.sessionId) return;
        const { claim: current, raw } = read;
        const result = await syncEngine().confirmClaim(root.ctx, readSyncSettings(root.folder.uri), current, raw);
        if (result.confirmation === 'lost') {
          void vscode.window.showWarningMessage(
            `Coordination: ${claim.type}/${claim.name} is lost — ${result.winner ? `${result.winner.holder} got it first on ${result.authority}` : `it was released on ${result.authority}`}; your claim was withdrawn.`,
          );
        }
        if (result.confirmation === 'pending') this.pendingSince.set(key, Date.now());
        else this.pendingSince.delete(key);
        this.log.info(
          `Claim ${claim.type}/${claim.name}: ${result.confirmation}${result.confirmation === 'pending' ? ` (${result.reason})` : ''}`,
        );
        root.refreshPaths([path]);
      } catch (error) {
        this.log.warn(
          `Could not confirm ${claim.type}/${claim.name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        this.confirming.delete(key);
      }
    })();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const sync of this.roots.values()) sync.dispose();
    this.roots.clear();
    this.changed.dispose();
  }
}

/** What the views show of this lease (the snapshot follows `.local/claim-refs/`); undefined when not there yet. */
function confirmationInSnapshot(root: CoordinationRoot, claim: Claim): string | undefined {
  const view = root.snapshot()?.claims.find((v) => v.claim.type === claim.type && v.claim.name === claim.name);
  const same = view && view.claim.holder === claim.holder && view.claim.acquiredAt === claim.acquiredAt;
  return same ? view.confirmation : undefined;
}
