/**
 * The one message protocol between the dashboard's host (src/extension/dashboard) and its page (webview/), and
 * the one file the page imports: the messages' types, the constants both sides share, and the few helpers the page
 * may use (re-exported below). No vscode, no DOM and no zod here — it is in the page's bundle. The host checks
 * every message from the page with pageMessageSchema.ts, because a webview is a separate, less trusted context.
 *
 * Order: the page says `ready`; the host answers with a `snapshot`, then sends `delta`s, each one revision
 * after the last. A page that sees a gap says `ready` again and gets a fresh snapshot.
 */
import type { ActivityEvent } from '../core/views/activity';
import type { KeyedPatch } from '../core/store/keyedDiff';
import type { Liveness } from '../core/sessions/liveness';
import type { broadcast, Priority } from '../core/records/message';
import type { SessionKind } from '../core/records/session';
import type { ComputerState } from '../core/views/computers';

export const dashboardViewType = 'coordination.dashboard';

// What the page shows as the terminal and the views do: one escaping of invisible characters, one duration form.
export { cleanText } from '../core/store/cleanText';
export { formatDuration } from '../core/store/durationText';
export type { KeyedPatch } from '../core/store/keyedDiff';
export type { Priority } from '../core/records/message';

// ---- host → page ---------------------------------------------------------------------------------------------

/** Times are milliseconds since the epoch, by the host's clock; the page corrects by `now` for its own. */
export interface SessionRow {
  id: string;
  name: string;
  role?: string;
  kind: SessionKind;
  host: string;
  state: Liveness;
  startedAt: number;
  heartbeatAt: number;
  endedAt?: number;
  action?: string;
  target?: string;
  phase?: string;
  progress?: number;
}

export interface ClaimRow {
  /** `<type>/<name>` */
  key: string;
  type: string;
  name: string;
  holder: string;
  acquiredAt: number;
  renewedAt: number;
  expiresAt: number;
  ttlSeconds: number;
  transitions: number;
  reason?: string;
  /** Path claims: the files claimed; the row shows this rather than the key. */
  glob?: string;
  shared?: boolean;
  /** Across computers: pending until the remote confirms the lease (absent outside git or with sync off). */
  confirmation?: 'pending' | 'confirmed';
  /** Why the last attempt to confirm a pending claim did not finish, when known. */
  pendingReason?: string;
}

export interface MessageRow {
  id: string;
  from: string;
  to: string;
  subject: string;
  /** At most `bodyPreviewLength` characters; the whole message opens in an editor. */
  body: string;
  /** Characters left out of `body`, when it was cut. */
  bodyCut?: number;
  priority: Priority;
  sentAt: number;
  replyTo?: string;
  ackRequired?: boolean;
  read: boolean;
}

/** Bodies are cut to this in rows, so 10,000 messages of up to 64 KiB each never make one huge snapshot. */
export const bodyPreviewLength = 4000;

/** An activity event as the page keys it: `seq` increases by one per event for the life of the panel. */
export type ActivityRow = ActivityEvent & { seq: number };

/** How many events of the log the host keeps and sends; older ones scroll off. */
export const activityLimit = 1000;

/** What the dashboard is showing and what this window can do there. */
export interface DashboardContext {
  /** Every folder of the window that could hold a tree; the page offers a choice when there are several. */
  roots: { path: string; label: string; hasTree: boolean }[];
  rootPath?: string;
  rootLabel?: string;
  /** False: no tree in this folder yet (the page offers Initialize). */
  hasTree: boolean;
  /** This window's session in the root; without one the page offers Register and disables sending. */
  selfId?: string;
  heartbeatIntervalSeconds: number;
  goneAfterSeconds: number;
  /** A claim with less time left than this counts as expiring soon (the expiry-warning setting). */
  expiringSoonSeconds: number;
  /** Files the host skipped as broken (see `coord doctor`). */
  problems: number;
}

/**
 * What the health-check loop found last (see src/core/health/healthRound.ts), as the page shows it: insights standing now,
 * the events of the last rounds, milestone progress and the services. Replaced whole when a round ends.
 */
export interface HealthSection {
  round: number;
  /** When the last round ran. */
  at: number;
  /** 'this window' runs the loop, or another window or `coord watch` does and this one reads its rounds. */
  runBy: 'this window' | 'another process';
  insights: HealthFindingRow[];
  /** Newest first. */
  events: (HealthFindingRow & { at: number })[];
  milestones: {
    done: number;
    total: number;
    items: { name: string; title: string; done: number; total: number }[];
    problems: number;
  };
  services: { checked: boolean; reason?: string; configured: number; items: ServiceRow[] };
}

/** The sync loop of the root (see src/core/sync/syncResult.ts): its last round, what waits, and what comes next. */
export interface SyncSection {
  /** 'synced', 'up-to-date', 'offline', 'gave-up', 'busy' or 'disabled'; absent before the first round. */
  outcome?: string;
  /** When the last round ended. */
  at?: number;
  running: boolean;
  /** Where the tree goes: the remote's name, or 'this repository' when there is no remote (worktrees). */
  where?: string;
  branch?: string;
  ahead?: number;
  /** Null when the remote could not be asked. */
  behind?: number | null;
  fetched?: number;
  pushed?: number;
  /** Why the round was offline or gave up, or what failed. */
  reason?: string;
  pendingClaims: number;
  nextRunAt?: number;
  /** Who runs the loop when it is not this window. */
  loopElsewhere?: string;
}

/**
 * A computer that syncs this tree (see src/core/views/computers.ts). Its state is the host's judgement, by the
 * host's clock from when the computer's news last arrived; the page only shows how long ago that was.
 */
export interface ComputerRow {
  host: string;
  self: boolean;
  state: ComputerState;
  /** When its news last arrived here (this computer: its last publish); absent: never. */
  newsAt?: number;
  /** Copies of the tree on that host that publish. */
  writers: number;
  live: number;
  working: number;
  /** Live sessions first. */
  sessions: { id: string; name: string; state: Liveness; working: boolean }[];
  /** This computer only. */
  sync?: {
    syncing: boolean;
    neverSynced: boolean;
    outcome?: string;
    finishedAt?: number;
    ahead?: number;
    behind?: number | null;
    error?: string;
  };
}

export interface HealthFindingRow {
  key: string;
  kind: string;
  severity: 'info' | 'warning' | 'error';
  text: string;
  sessions: string[];
}

export interface ServiceRow {
  name: string;
  state: 'online' | 'degraded' | 'offline' | 'timeout' | 'error';
  responseMs: number;
  detail?: string;
  /** The recent states, oldest first. */
  history: ServiceRow['state'][];
}

export interface SnapshotMessage {
  type: 'snapshot';
  revision: number;
  now: number;
  context: DashboardContext;
  sessions: SessionRow[];
  claims: ClaimRow[];
  messages: MessageRow[];
  /** Newest first. */
  activity: ActivityRow[];
  /** Absent until the health loop's first round. */
  health?: HealthSection;
  /** Absent where the root does not sync (not in git, untrusted, turned off). */
  sync?: SyncSection;
  /** This computer first; just this one before any round with a remote. */
  computers: ComputerRow[];
}

export interface DeltaMessage {
  type: 'delta';
  revision: number;
  now: number;
  context?: DashboardContext;
  sessions?: KeyedPatch<SessionRow>;
  claims?: KeyedPatch<ClaimRow>;
  messages?: KeyedPatch<MessageRow>;
  /** New events, newest first. */
  activity?: ActivityRow[];
  /** The whole section again, when a health round changed it. */
  health?: HealthSection;
  /** The whole section again, when the sync loop's state changed. */
  sync?: SyncSection;
  /** The whole list again, when a computer's state, news or sessions changed. */
  computers?: ComputerRow[];
}

/** The outcome of an action the page asked for; the reason of a failure is shown by the host's notification. */
export interface ActionResultMessage {
  type: 'actionResult';
  requestId: number;
  ok: boolean;
}

export type HostMessage = SnapshotMessage | DeltaMessage | ActionResultMessage;

// ---- page → host ---------------------------------------------------------------------------------------------

/** Palette commands the page may start; each prompts the user itself. */
export const pageCommands = [
  'coordination.initialize',
  'coordination.registerSession',
  'coordination.claim',
  'coordination.refresh',
  'coordination.showLog',
] as const;
export type PageCommand = (typeof pageCommands)[number];

export const claimActions = ['renew', 'release', 'forceRelease'] as const;
export type ClaimAction = (typeof claimActions)[number];

export type { PageMessage } from './pageMessageSchema';

/** The recipient that reaches every session; a type, so the page checks its literal without importing values. */
export type BroadcastRecipient = typeof broadcast;
