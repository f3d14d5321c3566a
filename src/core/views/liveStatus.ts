import type { CoordContext } from '../records/context';
import { TreeCache, type CoordinationSnapshot } from './treeCache';
import { TreeWatcher } from '../store/treeWatcher';
import { claimExpiresMs } from '../claims/claimView';
import { ActivityClock, activityFromChanges, activityFromRecords, newestFirst, type ActivityEvent } from './activity';
import { statusFromCache, type StatusSnapshot } from './status';
import { countInbox, type InboxCounts } from '../messages/messages';

export interface LiveStatusFrame {
  status: StatusSnapshot;
  /** What the last sync round left about the computers that sync the tree (the snapshot's). */
  computerFacts: CoordinationSnapshot['computerFacts'];
  /** Newest first, at most `activityLimit`. */
  activity: ActivityEvent[];
}

export interface LiveStatusOptions {
  selfId?: string;
  /**
   * Changes arriving within this long are one frame. It bounds how late a frame can be, so it is kept under the
   * ~50 ms a person reads as "at once" while a burst of atomic writes (a sync round, a simulation) still lands
   * as one redraw.
   */
  coalesceMs?: number;
  activityLimit?: number;
  onError?: (error: unknown) => void;
}

export const defaultCoalesceMs = 30;

/**
 * The status of a tree, kept current from file events: the tree is read once, then only the files the watcher
 * reports are read again, and a frame goes out for each batch that changed something. What no file announces —
 * a session going stale or gone, a lease running out — happens at an instant the records already name, so a
 * single timer is set for the next of those instead of polling.
 */
export class LiveStatus {
  private readonly cache: TreeCache;
  private readonly watcher: TreeWatcher;
  private readonly clock = new ActivityClock();
  private activity: ActivityEvent[] = [];
  private inbox: InboxCounts | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: CoordContext,
    private readonly onFrame: (frame: LiveStatusFrame) => void,
    private readonly options: LiveStatusOptions = {},
  ) {
    this.cache = new TreeCache(ctx, options.selfId);
    this.watcher = new TreeWatcher(ctx.layout.dir, (paths) => this.onBatch(paths), {
      debounceMs: options.coalesceMs ?? defaultCoalesceMs,
      onError: (error) => options.onError?.(error),
    });
  }

  private get limit(): number {
    return this.options.activityLimit ?? 50;
  }

  /** Loads the tree, sends the first frame, then watches; resolves once the watcher is ready. */
  async start(): Promise<void> {
    // Watch first: a change made while the tree loads is then reported, never lost between the two.
    await this.watcher.start();
    if (this.stopped) return;
    this.cache.loadAll();
    this.countInbox();
    const snapshot = this.cache.snapshot();
    this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now);
    const messages = snapshot.inbox.map((e) => e.message);
    const records = { sessions: snapshot.sessions, claims: snapshot.claims, messages };
    this.activity = activityFromRecords(records, this.ctx.config, this.limit);
    this.emit(snapshot);
  }

  private onBatch(paths: string[]): void {
    if (this.stopped) return;
    const changes = this.cache.applyChanges(paths);
    // A file the board does not show (another session's message, STATUS.md) changes nothing on it: no frame.
    if (changes.length === 0) return;
    if (changes.some((c) => c.kind === 'message' || c.kind === 'read')) this.countInbox();
    this.add(activityFromChanges(changes, this.ctx.clock.now()));
    const snapshot = this.cache.snapshot();
    this.add(this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now));
    this.emit(snapshot);
  }

  private onClock(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const snapshot = this.cache.snapshot();
    const events = this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now);
    this.add(events);
    if (events.length > 0) this.emit(snapshot);
    else this.schedule(snapshot);
  }

  /** Listing the inbox folders costs more than a frame at 1,000 sessions: done only when messages changed. */
  private countInbox(): void {
    const self = this.options.selfId;
    if (!self) return;
    try {
      this.inbox = countInbox(this.ctx, self);
    } catch {
      // The session's inbox cannot be listed (it is unknown or ended): no unread count, as `coord status` shows.
      this.inbox = undefined;
    }
  }

  private add(events: ActivityEvent[]): void {
    if (events.length) this.activity = [...newestFirst(events), ...this.activity].slice(0, this.limit);
  }

  private emit(snapshot: CoordinationSnapshot): void {
    this.schedule(snapshot);
    this.onFrame({
      status: statusFromCache(snapshot, this.inbox),
      computerFacts: snapshot.computerFacts,
      activity: this.activity,
    });
  }

  /** The next instant a state changes by the clock alone: a beat growing stale or gone, a lease ending. */
  private schedule(snapshot: CoordinationSnapshot): void {
    if (this.timer) clearTimeout(this.timer);
    const { heartbeatIntervalSeconds, goneAfterSeconds } = this.ctx.config;
    let next = Infinity;
    for (const { session, state } of snapshot.sessions) {
      const beat = Date.parse(session.heartbeatAt);
      if (state === 'active') next = Math.min(next, beat + 2 * heartbeatIntervalSeconds * 1000);
      else if (state === 'stale') next = Math.min(next, beat + goneAfterSeconds * 1000);
    }
    for (const view of snapshot.claims) if (!view.expired) next = Math.min(next, claimExpiresMs(view.claim));
    if (next === Infinity) return;
    // Liveness turns strictly after its threshold; a few ms past it the new state is certain.
    const delay = Math.min(Math.max(0, next - snapshot.now) + 5, 2 ** 31 - 1);
    this.timer = setTimeout(() => this.onClock(), delay);
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.watcher.dispose();
  }
}
