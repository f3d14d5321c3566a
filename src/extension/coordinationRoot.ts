import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { openContext, type CoordContext } from '../core/records/context';
import { TreeLayout } from '../core/store/layout';
import { TreeCache, type CoordinationSnapshot, type TreeChange } from '../core/views/treeCache';
import { TreeWatcher } from '../core/store/treeWatcher';
import { isAlive, livenessOf } from '../core/sessions/liveness';
import { findSession } from '../core/sessions/sessions';

const sessionKey = (root: string) => `coordination.session:${root}`;

/**
 * One folder holding `docs/coordination`: its cache, its watcher and this window's session there. Nothing is
 * read until `ensureLoaded()` — a view being shown or a command running.
 */
export class CoordinationRoot implements vscode.Disposable {
  private context: CoordContext | undefined;
  private cache: TreeCache | undefined;
  private watcher: TreeWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<TreeChange[]>();
  /** Fires after the cache changed (a watcher batch, an action of this window, a reload). */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly rootPath: string,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get isLoaded(): boolean {
    return this.cache !== undefined;
  }

  get label(): string {
    return this.folder.name;
  }

  get layout(): TreeLayout {
    return new TreeLayout(this.rootPath);
  }

  hasTree(): boolean {
    return existsSync(this.layout.protocolFile);
  }

  get ctx(): CoordContext {
    if (!this.context) this.context = openContext(this.rootPath);
    return this.context;
  }

  /** This window's session in this root, if it registered one. */
  get sessionId(): string | undefined {
    return this.state.get<string>(sessionKey(this.rootPath));
  }

  async setSessionId(id: string | undefined): Promise<void> {
    await this.state.update(sessionKey(this.rootPath), id);
    this.cache?.setSelf(id);
    this.cachedSnapshot = undefined;
    this.changed.fire([]);
  }

  /** Loads the tree and starts watching it; later calls return at once. */
  async ensureLoaded(): Promise<void> {
    if (this.cache) return;
    const started = Date.now();
    this.context = openContext(this.rootPath);
    this.forgetEndedSession();
    const cache = new TreeCache(this.context, this.sessionId);
    cache.loadAll();
    this.cache = cache;
    const watcher = new TreeWatcher(this.context.layout.dir, (paths) => this.onWatcherBatch(paths), {
      onError: (error) => this.log.warn(`Watcher error in ${this.context?.layout.dir}: ${String(error)}`),
    });
    this.watcher = watcher;
    await watcher.start();
    this.log.info(`Loaded ${this.context.layout.dir} in ${Date.now() - started} ms`);
    this.changed.fire([]);
  }

  private forgetEndedSession(): void {
    const id = this.sessionId;
    if (!id || !this.context) return;
    try {
      const session = findSession(this.context, id);
      if (!session || !isAlive(livenessOf(session, Date.now(), this.context.config))) {
        this.log.info(`Session ${id} is no longer alive here; this window will register a new one when asked`);
        void this.state.update(sessionKey(this.rootPath), undefined);
      }
    } catch (error) {
      this.log.warn(`Could not read this window's session ${id}: ${String(error)}`);
    }
  }

  private onWatcherBatch(paths: string[]): void {
    if (!this.cache) return;
    const changes = this.cache.applyChanges(paths);
    this.cachedSnapshot = undefined;
    this.changed.fire(changes);
  }

  /** Re-reads the given files now, without waiting for the watcher, so an action shows at once. */
  refreshPaths(paths: string[]): void {
    if (!this.cache) return;
    const changes = this.cache.applyChanges(paths);
    this.cachedSnapshot = undefined;
    this.changed.fire(changes);
  }

  reload(): void {
    this.context = openContext(this.rootPath);
    if (this.cache) {
      this.cache = new TreeCache(this.context, this.sessionId);
      this.cache.loadAll();
    }
    this.cachedSnapshot = undefined;
    this.changed.fire([]);
  }

  private cachedSnapshot: CoordinationSnapshot | undefined;

  /**
   * The current snapshot, shared by every view: recomputed after a change, or when older than a second so that
   * ages and time left keep moving.
   */
  snapshot(): CoordinationSnapshot | undefined {
    if (!this.cache) return undefined;
    if (!this.cachedSnapshot || Date.now() - this.cachedSnapshot.now >= 1000)
      this.cachedSnapshot = this.cache.snapshot();
    return this.cachedSnapshot;
  }

  dispose(): void {
    void this.watcher?.dispose();
    this.changed.dispose();
  }
}
