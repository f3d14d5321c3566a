import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { refused } from '../../core/store/errors';
import { readMessage } from '../../core/messages/messages';
import { broadcast } from '../../core/records/message';
import type { CoordinationSnapshot, TreeChange } from '../../core/views/treeCache';
import { DashboardState, type DashboardInputs, type DashboardMirror } from '../../dashboard/dashboardState';
import { dashboardHtml } from '../../dashboard/dashboardHtml';
import type { ClaimAction, DashboardContext, HostMessage } from '../../dashboard/protocol';
import { pageMessageSchema, type PageMessage } from '../../dashboard/pageMessageSchema';
import { reportError } from '../commands/commandRunner';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { readSettings } from '../settings';
import type { DashboardHealthSource } from './healthSection';
import type { DashboardSyncSource } from './syncSection';
import { computersOf } from '../computersOfRoot';
import { computerRows } from '../../dashboard/computerRows';

/** Liveness and lease expiry change with the clock alone; this is how often the panel looks. */
const clockTickMs = 2000;

const claimCommands: Record<ClaimAction, string> = {
  renew: 'coordination.renewClaim',
  release: 'coordination.releaseClaim',
  forceRelease: 'coordination.forceReleaseClaim',
};

/**
 * The dashboard's host: one webview panel, kept in step with one root of the window. It sends the page a full
 * snapshot when the page says `ready` (on open, on reload, and each time it becomes visible again, since the page
 * is not kept alive while hidden) and from then on only what changed. Actions from the page run the palette's own
 * commands, so they share their validation and their error reporting.
 */
export class DashboardPanel implements vscode.Disposable {
  private pageReady = false;
  private rootPath: string | undefined;
  private readonly state = new DashboardState();
  private pushQueued = false;
  private readonly timer: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly workspace: CoordinationWorkspace,
    private readonly log: vscode.LogOutputChannel,
    private readonly health?: DashboardHealthSource,
    private readonly sync?: DashboardSyncSource,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'coordination.svg');
    panel.webview.options = DashboardPanel.webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // A hidden page is torn down; it says `ready` again when shown and gets a fresh snapshot then.
        if (!panel.visible) this.pageReady = false;
      }),
      panel.onDidDispose(() => this.dispose()),
      workspace.onDidChangeRoot(({ root, changes }) => this.onRootChanged(root, changes)),
      workspace.onDidChange(() => this.queuePush()),
    );
    if (health) this.subscriptions.push(health.onDidChange(() => this.queuePush()));
    if (sync) this.subscriptions.push(sync.onDidChange(() => this.queuePush()));
    // Hidden, nothing is shown: the snapshot sent on `ready` catches up with what the clock changed meanwhile.
    this.timer = setInterval(() => {
      if (this.pageReady) this.queuePush();
    }, clockTickMs);
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(extensionUri, 'media'),
      ],
    };
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** For the extension's tests: what the page has been told. */
  mirror(): DashboardMirror {
    return this.state.mirror();
  }

  get isPageReady(): boolean {
    return this.pageReady;
  }

  private html(): string {
    const asset = (file: string) =>
      this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', file)).toString();
    return dashboardHtml({
      cspSource: this.panel.webview.cspSource,
      scriptUri: asset('dashboard.js'),
      styleUri: asset('dashboard.css'),
      nonce: randomBytes(18).toString('base64'),
    });
  }

  /** Every message from the page is parsed before anything acts on it; anything else is logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const parsed = pageMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(
        `Dashboard: ignored a malformed message from the page: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
      return;
    }
    try {
      await this.handle(parsed.data);
    } catch (error) {
      reportError(this.log, `dashboard.${parsed.data.type}`, error);
    }
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.rootPath && this.workspace.all().some((r) => r.rootPath === message.rootPath))
          this.rootPath = message.rootPath;
        this.pageReady = true;
        await this.sendSnapshot();
        return;
      case 'selectRoot':
        if (!this.workspace.all().some((r) => r.rootPath === message.rootPath)) return;
        this.rootPath = message.rootPath;
        await this.sendSnapshot();
        return;
      case 'claimAction':
        return this.claimAction(message.requestId, message.action, message.claimType, message.name);
      case 'send':
        return this.send(message);
      case 'markRead': {
        const root = this.loadedRoot();
        const self = root?.sessionId;
        if (!root || !self) return;
        readMessage(root.ctx, self, message.id);
        root.refreshPaths([`${root.ctx.layout.readMarkersDir(self)}/${message.id}`]);
        return;
      }
      case 'openMessage': {
        const root = this.loadedRoot();
        const entry = root?.snapshot()?.inbox.find((e) => e.message.id === message.id);
        if (root && entry) await vscode.commands.executeCommand('coordination.openMessage', { root, entry });
        return;
      }
      case 'runCommand':
        await vscode.commands.executeCommand(message.command);
        return;
    }
  }

  private async claimAction(requestId: number, action: ClaimAction, type: string, name: string): Promise<void> {
    const command = claimCommands[action];
    const root = this.loadedRoot();
    const view = root?.snapshot()?.claims.find((c) => c.claim.type === type && c.claim.name === name);
    if (!root || !view) {
      reportError(
        this.log,
        command,
        refused(`${type}/${name} is no longer claimed`, undefined, undefined, { action: 'nothing-to-do' }),
      );
      this.post({ type: 'actionResult', requestId, ok: false });
      return;
    }
    // The tree item's argument form: it names the root, so a multi-root window asks no question, and a
    // force-release still asks the person to confirm, as it does from the Claims view.
    await vscode.commands.executeCommand(command, { root, view });
    const after = root.snapshot()?.claims.find((c) => c.claim.type === type && c.claim.name === name);
    const ok =
      action === 'renew'
        ? after !== undefined && after.claim.renewedAt !== view.claim.renewedAt
        : after === undefined || after.claim.acquiredAt !== view.claim.acquiredAt;
    this.post({ type: 'actionResult', requestId, ok });
  }

  private async send(message: Extract<PageMessage, { type: 'send' }>): Promise<void> {
    const root = this.loadedRoot();
    const request = {
      root,
      subject: message.subject,
      body: message.body,
      priority: message.priority,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    };
    const id =
      message.to === broadcast
        ? await vscode.commands.executeCommand<string | undefined>('coordination.broadcast', request)
        : await vscode.commands.executeCommand<string | undefined>('coordination.sendMessage', {
            ...request,
            to: message.to,
          });
    this.post({ type: 'actionResult', requestId: message.requestId, ok: typeof id === 'string' });
  }

  /** The root the dashboard shows: the one the page chose, else the one with this window's session, else the first with a tree. */
  private currentRoot(): CoordinationRoot | undefined {
    const all = this.workspace.all();
    const chosen = this.rootPath ? all.find((r) => r.rootPath === this.rootPath) : undefined;
    if (chosen) return chosen;
    const withTree = all.filter((r) => r.hasTree());
    const root = withTree.find((r) => r.sessionId) ?? withTree[0] ?? all[0];
    this.rootPath = root?.rootPath;
    return root;
  }

  private loadedRoot(): CoordinationRoot | undefined {
    const root = this.currentRoot();
    return root?.isLoaded ? root : undefined;
  }

  private async sendSnapshot(): Promise<void> {
    const root = this.currentRoot();
    if (root?.hasTree()) await root.ensureLoaded();
    this.post(this.state.snapshotMessage(this.inputs(root), Date.now()));
  }

  /** Coalesces the changes of one turn of the event loop into one delta. */
  private queuePush(): void {
    if (this.pushQueued) return;
    this.pushQueued = true;
    setImmediate(() => {
      this.pushQueued = false;
      this.push();
    });
  }

  private push(): void {
    const root = this.currentRoot();
    if (root && !root.isLoaded && root.hasTree() && this.pageReady) {
      // A root rebuilt after Initialize, or one nothing has loaded yet: load it, then push.
      void root.ensureLoaded().then(
        () => this.queuePush(),
        (error) => this.log.warn(`Dashboard: could not load ${root.rootPath}: ${String(error)}`),
      );
      return;
    }
    const inputs = this.inputs(root);
    // The clock is watched while the page is hidden too, so that a session going stale meanwhile is in the log.
    if (inputs.snapshot) this.state.observe(inputs.snapshot, inputs.config);
    if (!this.pageReady) return;
    const delta = this.state.deltaMessage(inputs, Date.now());
    if (delta) this.post(delta);
  }

  private onRootChanged(root: CoordinationRoot, changes: TreeChange[]): void {
    if (root.rootPath !== this.currentRoot()?.rootPath) return;
    this.state.recordChanges(root.rootPath, changes, Date.now());
    this.queuePush();
  }

  /** What the page is to show of `root` now. */
  private inputs(root: CoordinationRoot | undefined): DashboardInputs {
    const snapshot = root?.snapshot();
    return {
      snapshot,
      config: snapshot && root ? root.ctx.config : undefined,
      context: this.context(root, snapshot),
      health: root && this.health?.sectionOf(root),
      sync: root && this.sync?.sectionOf(root),
      computers: root && snapshot ? computerRows(computersOf(root, snapshot)) : [],
    };
  }

  private context(root: CoordinationRoot | undefined, snapshot: CoordinationSnapshot | undefined): DashboardContext {
    const config = snapshot && root ? root.ctx.config : undefined;
    const warnMinutes = root ? readSettings(root.folder.uri).claimExpiryWarningMinutes : 0;
    return {
      roots: this.workspace.all().map((r) => ({ path: r.rootPath, label: r.label, hasTree: r.hasTree() })),
      ...(root ? { rootPath: root.rootPath, rootLabel: root.label } : {}),
      hasTree: snapshot !== undefined,
      ...(snapshot?.selfId ? { selfId: snapshot.selfId } : {}),
      heartbeatIntervalSeconds: config?.heartbeatIntervalSeconds ?? 60,
      goneAfterSeconds: config?.goneAfterSeconds ?? 900,
      expiringSoonSeconds: (warnMinutes || 5) * 60,
      problems: snapshot?.diagnostics.length ?? 0,
    };
  }

  private post(message: HostMessage): void {
    void this.panel.webview
      .postMessage(message)
      .then(undefined, (error) => this.log.warn(`Dashboard: could not post to the page: ${String(error)}`));
  }

  dispose(): void {
    if (this.subscriptions.length === 0) return;
    clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
    this.disposed.fire();
    this.disposed.dispose();
  }
}
