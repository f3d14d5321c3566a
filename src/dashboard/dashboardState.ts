import {
  ActivityClock,
  activityFromChanges,
  activityFromRecords,
  newestFirst,
  type ActivityEvent,
} from '../core/views/activity';
import { diffByKey, isEmptyPatch, shallowEqual } from '../core/store/keyedDiff';
import type { ProtocolConfig } from '../core/records/protocolConfig';
import type { CoordinationSnapshot, TreeChange } from '../core/views/treeCache';
import {
  activityLimit,
  type ActivityRow,
  type ComputerRow,
  type DashboardContext,
  type HealthSection,
  type HostMessage,
  type SyncSection,
} from './protocol';
import { dashboardRows, type DashboardRows } from './dashboardRows';

/** Everything one message to the page is made of, as the host reads it at that moment. */
export interface DashboardInputs {
  snapshot: CoordinationSnapshot | undefined;
  /** The tree's protocol settings (for the log's first events); undefined without a tree. */
  config: Pick<ProtocolConfig, 'heartbeatIntervalSeconds' | 'goneAfterSeconds'> | undefined;
  context: DashboardContext;
  health: HealthSection | undefined;
  sync: SyncSection | undefined;
  computers: ComputerRow[];
}

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

function emptyRows(): DashboardRows {
  return { sessions: new Map(), claims: new Map(), messages: new Map() };
}

/**
 * The dashboard's protocol state, apart from any panel: what the page holds (mirrored), the revision, and the
 * activity log. A full snapshot resets the mirror; a delta carries only what differs from it, and none at all
 * when nothing does. The panel (src/extension/dashboard/dashboardPanel.ts) decides when; this decides what.
 */
export class DashboardState {
  private revision = 0;
  private posted: DashboardRows | undefined;
  private postedContext: DashboardContext | undefined;
  private postedHealth: HealthSection | undefined;
  private postedSync: SyncSection | undefined;
  private postedComputers: ComputerRow[] = [];
  private activity: ActivityRow[] = [];
  private unsentActivity: ActivityRow[] = [];
  private activityRoot: string | undefined;
  private seq = 0;
  private clock = new ActivityClock();

  /** Whether a snapshot went out since the state was made: deltas need one to be relative to. */
  get hasSnapshot(): boolean {
    return this.posted !== undefined;
  }

  /** The root whose log is kept; changes of other roots are not its events. */
  get loggedRoot(): string | undefined {
    return this.activityRoot;
  }

  mirror(): DashboardMirror {
    const { revision, activity, postedContext: context, postedHealth: health, postedSync: sync } = this;
    return {
      revision,
      rows: this.posted ?? emptyRows(),
      context,
      activity,
      health,
      sync,
      computers: this.postedComputers,
    };
  }

  /** The full state, for a page that said `ready`: it holds the whole log, so nothing of it is left unsent. */
  snapshotMessage(inputs: DashboardInputs, nowMs: number): HostMessage {
    const { snapshot, context, health, sync, computers } = inputs;
    if (snapshot) this.observe(snapshot, inputs.config);
    this.unsentActivity = [];
    const rows = snapshot ? dashboardRows(snapshot, this.posted) : emptyRows();
    this.revision++;
    this.posted = rows;
    this.postedContext = context;
    this.postedHealth = health;
    this.postedSync = sync;
    this.postedComputers = computers;
    return {
      type: 'snapshot',
      revision: this.revision,
      now: snapshot?.now ?? nowMs,
      context,
      sessions: [...rows.sessions.values()],
      claims: [...rows.claims.values()],
      messages: [...rows.messages.values()],
      activity: this.activity,
      ...(health ? { health } : {}),
      ...(sync ? { sync } : {}),
      computers,
    };
  }

  /**
   * What changed since the last message, or undefined when nothing did (or no snapshot went out yet). A section
   * the host cannot read now (health, sync: undefined) is left as the page has it.
   */
  deltaMessage(inputs: DashboardInputs, nowMs: number): HostMessage | undefined {
    const { snapshot, context, health, sync, computers } = inputs;
    if (!this.posted) return undefined;
    const rows = snapshot ? dashboardRows(snapshot, this.posted) : emptyRows();
    const sessions = diffByKey(this.posted.sessions, rows.sessions, shallowEqual);
    const claims = diffByKey(this.posted.claims, rows.claims, shallowEqual);
    const messages = diffByKey(this.posted.messages, rows.messages, shallowEqual);
    const contextChanged = !sameJson(this.postedContext, context);
    const healthChanged = health !== undefined && !sameJson(health, this.postedHealth);
    const syncChanged = sync !== undefined && !sameJson(sync, this.postedSync);
    // Ages are the page's to tick, so the list changes only with a state, a news arrival or a session.
    const computersChanged = !sameJson(computers, this.postedComputers);
    const rowsUnchanged = isEmptyPatch(sessions) && isEmptyPatch(claims) && isEmptyPatch(messages);
    const sectionsUnchanged = !contextChanged && !healthChanged && !syncChanged && !computersChanged;
    if (rowsUnchanged && sectionsUnchanged && this.unsentActivity.length === 0) return undefined;
    this.revision++;
    this.posted = rows;
    this.postedContext = context;
    if (healthChanged) this.postedHealth = health;
    if (syncChanged) this.postedSync = sync;
    if (computersChanged) this.postedComputers = computers;
    const activity = this.unsentActivity;
    this.unsentActivity = [];
    return {
      type: 'delta',
      revision: this.revision,
      now: snapshot?.now ?? nowMs,
      ...(contextChanged ? { context } : {}),
      ...(isEmptyPatch(sessions) ? {} : { sessions }),
      ...(isEmptyPatch(claims) ? {} : { claims }),
      ...(isEmptyPatch(messages) ? {} : { messages }),
      ...(activity.length ? { activity } : {}),
      ...(healthChanged ? { health } : {}),
      ...(syncChanged ? { sync } : {}),
      ...(computersChanged ? { computers } : {}),
    };
  }

  /** Files changed in `root`: events for the log, when it is the root the log is kept for. */
  recordChanges(root: string, changes: readonly TreeChange[], nowMs: number): void {
    if (this.activityRoot === root) this.addActivity(activityFromChanges(changes, nowMs));
  }

  /**
   * Starts the log from the records when a root is first seen, then adds what the clock alone changes (stale,
   * gone, expired). Called with each snapshot read, shown or not, so that no such change is missed meanwhile.
   */
  observe(snapshot: CoordinationSnapshot, config: DashboardInputs['config']): void {
    if (this.activityRoot !== snapshot.root) {
      this.activityRoot = snapshot.root;
      this.activity = [];
      this.unsentActivity = [];
      this.clock = new ActivityClock();
      this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now);
      if (!config) return;
      const messages = snapshot.inbox.map((e) => e.message);
      this.addActivity(
        activityFromRecords({ sessions: snapshot.sessions, claims: snapshot.claims, messages }, config, activityLimit),
      );
      return;
    }
    this.addActivity(this.clock.observe(snapshot.sessions, snapshot.claims, snapshot.now));
  }

  private addActivity(events: ActivityEvent[]): void {
    if (events.length === 0) return;
    // Oldest first gets the lowest sequence number, so sequence order is time order within a batch.
    const rows = newestFirst(events)
      .reverse()
      .map((e): ActivityRow => ({ seq: ++this.seq, ...e }))
      .reverse();
    this.activity = [...rows, ...this.activity].slice(0, activityLimit);
    this.unsentActivity = [...rows, ...this.unsentActivity].slice(0, activityLimit);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
