import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { ActivityClock, activityFromChanges, activityFromRecords, newestFirst, type ActivityEvent } from '../../core/sessions/activity';
import { refused } from '../../core/files/errors';
import { diffByKey, isEmptyPatch, shallowEqual } from '../../core/files/keyedDiff';
import { readMessage } from '../../core/messages/messages';
import { broadcast } from '../../core/schemas/message';
import type { CoordinationSnapshot, TreeChange } from '../../core/files/treeCache';
import { dashboardHtml } from '../../dashboard/dashboardHtml';
import {
  pageMessageSchema, type ActivityRow, type ClaimAction, type ComputerRow, type DashboardContext, type HealthSection,
  type HostMessage, type PageMessage, type SyncSection,
} from '../../dashboard/protocol';
import { reportError } from '../commands/commandRunner';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import { readSettings } from '../settings';
import { dashboardRows, type DashboardRows } from './dashboardRows';
import type { DashboardHealthSource } from './healthSection';
import type { DashboardSyncSource } from './syncSection';
import { computersOf } from '../computersOfRoot';
import { computerRows } from './computersSection';

/** How many events the log keeps; older ones scroll off. */
const activityLimit = 1000;
/** Liveness and lease expiry change with the clock alone; this is how often the panel looks. */
const clockTickMs = 2000;

const claimCommands: Record<ClaimAction, string> = {
  renew: 'coordination.renewClaim',
  release: 'coordination.releaseClaim',
  forceRelease: 'coordination.forceReleaseClaim',
};

/** What the page has been sent so far, as the host mirrors it: the state the extension tests read. */
export interface DashboardMirror {
  revision: number;
  rows: DashboardRows;
  context: DashboardContext | undefined;
  activity: readonly ActivityRow[];
  health: HealthSection | undefined;
  sync: SyncSection | undefined;
  computers: ComputerRow[];
}

/**
 * The dashboard's host: one webview panel, kept in step with one root of the window. It sends the page a full
 * snapshot when the page says `ready` (on open, on reload, and each time it becomes visible again, since the page
 * is not kept alive while hidden) and from then on only what changed. Actions from the page run the palette's own
 * commands, so they share their validation and their error reporting.
 */
export class DashboardPanel implements vscode.Disposable {
  private pageReady = false;
  private revision = 0;
  private posted: DashboardRows | undefined;
  private postedContext: DashboardContext | undefined;
  private postedHealth: HealthSection | undefined;
  private postedSync: SyncSection | undefined;
  private postedComputers: ComputerRow[] = [];
  private rootPath: string | undefined;
  private activity: ActivityRow[] = [];
  private unsentActivity: ActivityRow[] = [];
  private activityRoot: string | undefined;
  private seq = 0;
  private clock = new ActivityClock();
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
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** For the extension's tests: what the page has been told, and a way in for a page message. */
  mirror(): DashboardMirror {
    const rows = this.posted ?? { sessions: new Map(), claims: new Map(), messages: new Map() };
    const { activity, postedContext: context, postedHealth: health, postedSync: sync } = this;
    return { revision: this.revision, rows, context, activity, health, sync, computers: this.postedComputers };
  }

  get isPageReady(): boolean {
    return this.pageReady;
  }

  private html(): string {
    const asset = (file: string) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', file)).toString();
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
      this.log.warn(`Dashboard: ignored a malformed message from the page: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
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
        if (message.rootPath && this.workspace.all().some((r) => r.rootPath === message.rootPath)) this.rootPath = message.rootPath;
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
      reportError(this.log, command, refused(
        `${type}/${name} is no longer claimed`,
        undefined,
        undefined,
        { action: 'nothing-to-do' },
      ));
      this.post({ type: 'actionResult', requestId, ok: false });
      return;
    }
    // The tree item's argument form: it names the root, so a multi-root window asks no question, and a
    // force-release still asks the person to confirm, as it does from the Claims view.
    await vscode.commands.executeCommand(command, { root, view });
    const after = root.snapshot()?.claims.find((c) => c.claim.type === type && c.claim.name === name);
    const ok = action === 'renew' ? after !== undefined && after.claim.renewedAt !== view.claim.renewedAt : after === undefined || after.claim.acquiredAt !== view.claim.acquiredAt;
    this.post({ type: 'actionResult', requestId, ok });
  }

  private async send(message: Extract<PageMessage, { type: 'send' }>): Promise<void> {
    const root = this.loadedRoot();
    const request = { root, subject: message.subject, body: message.body, priority: message.priority, ...(message.replyTo ? { replyTo: message.replyTo } : {}) };
    const id = message.to === broadcast
      ? await vscode.commands.executeCommand<string | undefined>('coordination.broadcast', request)
      : await vscode.commands.executeCommand<string | undefined>('coordination.sendMessage', { ...request, to: message.to });
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
    const snapshot = root?.snapshot();
    if (snapshot) this.observeClock(snapshot);
    this.unsentActivity = [];
    const rows = snapshot ? dashboardRows(snapshot, this.posted) : { sessions: new Map(), claims: new Map(), messages: new Map() };
    const context = this.context(root, snapshot);
    const health = root && this.health?.sectionOf(root);
    const sync = root && this.sync?.sectionOf(root);
    const computers = root && snapshot ? computerRows(computersOf(root, snapshot)) : [];
    this.revision++;
    this.posted = rows;
    this.postedContext = context;
    this.postedHealth = health;
    this.postedSync = sync;
    this.postedComputers = computers;
    this.post({
      type: 'snapshot',
      revision: this.revision,
      now: snapshot?.now ?? Date.now(),
      context,
      sessions: [...rows.sessions.values()],
      claims: [...rows.claims.values()],
      messages: [...rows.messages.values()],
      activity: this.activity,
      ...(health ? { health } : {}),
      ...(sync ? { sync } : {}),
      computers,
    });
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
      void root.ensureLoaded().then(() => this.queuePush(), (error) => this.log.warn(`Dashboard: could not load ${root.rootPath}: ${String(error)}`));
      return;
    }
    const snapshot = root?.snapshot();
    if (snapshot) this.observeClock(snapshot);
    if (!this.pageReady || !this.posted) return;
    const rows = snapshot ? dashboardRows(snapshot, this.posted) : { sessions: new Map(), claims: new Map(), messages: new Map() };
    const context = this.context(root, snapshot);
    const sessions = diffByKey(this.posted.sessions, rows.sessions, shallowEqual);
    const claims = diffByKey(this.posted.claims, rows.claims, shallowEqual);
    const messages = diffByKey(this.posted.messages, rows.messages, shallowEqual);
    const contextChanged = !sameContext(this.postedContext, context);
    const health = root && this.health?.sectionOf(root);
    const healthChanged = health !== undefined && JSON.stringify(health) !== JSON.stringify(this.postedHealth);
    const sync = root && this.sync?.sectionOf(root);
    const syncChanged = sync !== undefined && JSON.stringify(sync) !== JSON.stringify(this.postedSync);
    // Ages are the page's to tick, so the list changes only with a state, a news arrival or a session.
    const computers = root && snapshot ? computerRows(computersOf(root, snapshot)) : [];
    const computersChanged = JSON.stringify(computers) !== JSON.stringify(this.postedComputers);
    const unchanged = isEmptyPatch(sessions) && isEmptyPatch(claims) && isEmptyPatch(messages) && !contextChanged;
    if (unchanged && !healthChanged && !syncChanged && !computersChanged && this.unsentActivity.length === 0) return;
    this.revision++;
    this.posted = rows;
    this.postedContext = context;
    if (healthChanged) this.postedHealth = health;
    if (syncChanged) this.postedSync = sync;
    if (computersChanged) this.postedComputers = computers;
    const activity = this.unsentActivity;
    this.unsentActivity = [];
    this.post({
      type: 'delta',
      revision: this.revision,
      now: snapshot?.now ?? Date.now(),
      ...(contextChanged ? { context } : {}),
      ...(isEmptyPatch(sessions) ? {} : { sessions }),
      ...(isEmptyPatch(claims) ? {} : { claims }),
      ...(isEmptyPatch(messages) ? {} : { messages }),
      ...(activity.length ? { activity } : {}),
      ...(healthChanged ? { health } : {}),
      ...(syncChanged ? { sync } : {}),
      ...(computersChanged ? { computers } : {}),
    });
  }

  private onRootChanged(root: CoordinationRoot, changes: TreeChange[]): void {
    if (root.rootPath !== this.currentRoot()?.rootPath) return;
    if (this.activityRoot === root.rootPath) this.addActivity(activityFromChanges(changes, Date.now()));
    this.queuePush();
  }

  /** Starts the log from the records when the root is first shown, then adds what the clock alone changes. */
  private observeClock(snapshot: CoordinationSnapshot): void {
    if (this.activityRoot !== snapshot.root) {
      this.activityRoot = snapshot.root;
      this.activity = [];
      this.unsentActivity = [];
      this.clock = new ActivityClock();
      this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now);
      const config = this.currentRoot()?.ctx.config;
      if (config) this.addActivity(activityFromRecords({ sessions: snapshot.sessions, claims: snapshot.claims, messages: snapshot.inbox.map((e) => e.message) }, config, activityLimit));
      return;
    }
    this.addActivity(this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now));
  }

  private addActivity(events: ActivityEvent[]): void {
    if (events.length === 0) return;
    // Oldest first gets the lowest sequence number, so sequence order is time order within a batch.
    const rows = newestFirst(events).reverse().map((e): ActivityRow => ({ seq: ++this.seq, ...e })).reverse();
    this.activity = [...rows, ...this.activity].slice(0, activityLimit);
    this.unsentActivity = [...rows, ...this.unsentActivity].slice(0, activityLimit);
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
    void this.panel.webview.postMessage(message).then(undefined, (error) => this.log.warn(`Dashboard: could not post to the page: ${String(error)}`));
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

function sameContext(a: DashboardContext | undefined, b: DashboardContext): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
