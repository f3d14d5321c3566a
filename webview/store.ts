import {
  activityLimit,
  type ActivityRow,
  type ClaimRow,
  type ComputerRow,
  type DashboardContext,
  type DeltaMessage,
  type HealthSection,
  type KeyedPatch,
  type MessageRow,
  type SessionRow,
  type SnapshotMessage,
  type SyncSection,
} from '../src/dashboard/protocol';

/** Which parts of the page a message touched, so only those are drawn again. */
export interface Touched {
  context: boolean;
  sessions: boolean;
  claims: boolean;
  messages: boolean;
  activity: boolean;
  health: boolean;
  sync: boolean;
  computers: boolean;
}

const none: Touched = {
  context: false,
  sessions: false,
  claims: false,
  messages: false,
  activity: false,
  health: false,
  sync: false,
  computers: false,
};
const all: Touched = {
  context: true,
  sessions: true,
  claims: true,
  messages: true,
  activity: true,
  health: true,
  sync: true,
  computers: true,
};

/**
 * The page's copy of the host's rows: replaced by a snapshot, patched by deltas. Each collection has a version
 * that moves when it changes, so derived orderings are recomputed only then.
 */
export class DashboardStore {
  revision = -1;
  context: DashboardContext | undefined;
  readonly sessions = new Map<string, SessionRow>();
  readonly claims = new Map<string, ClaimRow>();
  readonly messages = new Map<string, MessageRow>();
  activity: ActivityRow[] = [];
  health: HealthSection | undefined;
  sync: SyncSection | undefined;
  computers: ComputerRow[] = [];
  versions = { sessions: 0, claims: 0, messages: 0, activity: 0 };
  /** The message patch that made the current messages version, for views that can apply it in place. */
  lastMessagesPatch: { version: number; patch: KeyedPatch<MessageRow> } | undefined;
  /** Host clock minus page clock: the page shows ages by the host's time, which is the tree's. */
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get selfId(): string | undefined {
    return this.context?.selfId;
  }

  applySnapshot(m: SnapshotMessage): Touched {
    this.revision = m.revision;
    this.offsetMs = m.now - Date.now();
    this.context = m.context;
    refill(this.sessions, m.sessions, (r) => r.id);
    refill(this.claims, m.claims, (r) => r.key);
    refill(this.messages, m.messages, (r) => r.id);
    this.activity = m.activity.slice(0, activityLimit);
    this.health = m.health;
    this.sync = m.sync;
    this.computers = m.computers ?? [];
    for (const k of Object.keys(this.versions) as (keyof typeof this.versions)[]) this.versions[k]++;
    return all;
  }

  /** Applies a delta; `undefined` when it does not follow the last revision and a fresh snapshot is needed. */
  applyDelta(m: DeltaMessage): Touched | undefined {
    if (m.revision !== this.revision + 1) return undefined;
    this.revision = m.revision;
    this.offsetMs = m.now - Date.now();
    const touched = { ...none };
    if (m.context) {
      this.context = m.context;
      touched.context = true;
    }
    if (m.sessions && patch(this.sessions, m.sessions, (r) => r.id)) {
      this.versions.sessions++;
      touched.sessions = true;
    }
    if (m.claims && patch(this.claims, m.claims, (r) => r.key)) {
      this.versions.claims++;
      touched.claims = true;
    }
    if (m.messages && patch(this.messages, m.messages, (r) => r.id)) {
      this.versions.messages++;
      this.lastMessagesPatch = { version: this.versions.messages, patch: m.messages };
      touched.messages = true;
    }
    if (m.activity?.length) {
      this.activity = [...m.activity, ...this.activity].slice(0, activityLimit);
      this.versions.activity++;
      touched.activity = true;
    }
    if (m.health) {
      this.health = m.health;
      touched.health = true;
    }
    if (m.sync) {
      this.sync = m.sync;
      touched.sync = true;
    }
    if (m.computers) {
      this.computers = m.computers;
      touched.computers = true;
    }
    return touched;
  }

  /** A session's display name, or its id when the session file is not (or no longer) in the tree. */
  nameOf(id: string): string {
    return this.sessions.get(id)?.name ?? id;
  }
}

function refill<T>(map: Map<string, T>, rows: readonly T[], key: (row: T) => string): void {
  map.clear();
  for (const row of rows) map.set(key(row), row);
}

function patch<T>(map: Map<string, T>, p: KeyedPatch<T>, key: (row: T) => string): boolean {
  for (const k of p.remove) map.delete(k);
  for (const row of p.upsert) map.set(key(row), row);
  return p.remove.length > 0 || p.upsert.length > 0;
}
