import type { ClaimView } from '../claims/claimView';
import { loopLockStaleMs } from '../store/loopLock';
import type { WorkView } from '../work/work';
import type { ComputerFacts } from './computerFacts';
import { isAlive, type Liveness } from '../sessions/liveness';
import type { SessionView } from '../sessions/sessions';

export type ComputerState = 'active' | 'idle' | 'offline';

/** The extension's `coordination.sync.intervalMinutes` default; the CLI has no setting of its own and uses it. */
export const defaultSyncIntervalMs = 5 * 60_000;

export interface ComputerSession {
  id: string;
  name: string;
  state: Liveness;
  /** Live and holding an unexpired claim or a work item in progress. */
  working: boolean;
}

/** This computer's own sync, shown on its row only. */
export interface SelfSync {
  /** A round holds the `sync` lock right now. */
  syncing: boolean;
  /** No round with a remote has left its files here yet. */
  neverSynced: boolean;
  lastRound?: { outcome: string; finishedAt: string; ahead: number; behind: number | null; reason?: string };
  /** What went wrong in the last round (offline, gave up, busy), if anything did. */
  lastError?: string;
}

export interface ComputerView {
  host: string;
  self: boolean;
  state: ComputerState;
  /** When its news last arrived, by this computer's clock (this computer: its last publish); absent: never seen. */
  newsAt?: string;
  newsAgeMs?: number;
  /** Copies of the tree on that host that publish (two clones on one host are two). */
  writers: number;
  sessions: ComputerSession[];
  live: number;
  working: number;
  sync?: SelfSync;
}

export interface ComputersInput {
  sessions: readonly SessionView[];
  claims: readonly ClaimView[];
  work: readonly WorkView[];
  facts: ComputerFacts;
  /** This computer's host name, as its sessions record it. */
  selfHost: string;
  nowMs: number;
  syncIntervalMs: number;
}

const stateRank: Record<ComputerState, number> = { active: 0, idle: 1, offline: 2 };
const okOutcomes = new Set(['synced', 'up-to-date', 'disabled']);

/**
 * Every computer that syncs this tree, this one first. A computer's freshness is judged only by when this
 * computer last saw its news arrive (`newsAt`, written by this computer's clock), never by the times in the
 * other computer's records, so a skewed clock there cannot make it look alive or dead here.
 */
export function listComputers(input: ComputersInput): ComputerView[] {
  const { facts, selfHost, nowMs } = input;
  const working = workingSessions(input);
  const byHost = new Map<string, SessionView[]>();
  for (const view of input.sessions) {
    const list = byHost.get(view.session.host);
    if (list) list.push(view);
    else byHost.set(view.session.host, [view]);
  }
  const news = new Map<string, { newsAtMs: number; writers: number }>();
  for (const w of facts.writers ?? []) {
    const seen = news.get(w.host);
    const newsAtMs = Math.max(seen?.newsAtMs ?? -Infinity, w.newsAtMs);
    news.set(w.host, { newsAtMs, writers: (seen?.writers ?? 0) + 1 });
  }
  // Before any round with a remote there is nobody else to speak of: this computer alone, from its own sessions.
  const hosts = new Set<string>([selfHost]);
  if (facts.writers) {
    for (const host of news.keys()) hosts.add(host);
    // Live sessions of a host whose copy this computer never saw: listed, so they are somewhere, and offline.
    for (const [host, views] of byHost) if (views.some((v) => isAlive(v.state))) hosts.add(host);
  }
  const computers = [...hosts].map((host): ComputerView => {
    const self = host === selfHost;
    const sessions = (byHost.get(host) ?? [])
      .map((v): ComputerSession => {
        const { id, name } = v.session;
        return { id, name, state: v.state, working: working.has(id) };
      })
      .sort(
        (a, b) =>
          Number(isAlive(b.state)) - Number(isAlive(a.state)) ||
          a.name.localeCompare(b.name) ||
          a.id.localeCompare(b.id),
      );
    const live = sessions.filter((s) => isAlive(s.state)).length;
    const busy = sessions.filter((s) => s.working).length;
    const seen = news.get(host);
    // A clock stepped back on this computer makes news look from the future: it is fresh, not negative.
    const newsAgeMs = seen ? Math.max(0, nowMs - seen.newsAtMs) : undefined;
    // This computer's own sessions are read here, not heard about, so it is never offline to itself.
    const offline = !self && (newsAgeMs === undefined || newsAgeMs > 2 * input.syncIntervalMs);
    return {
      host,
      self,
      state: offline ? 'offline' : busy > 0 ? 'active' : 'idle',
      ...(seen ? { newsAt: new Date(seen.newsAtMs).toISOString(), newsAgeMs } : {}),
      writers: seen?.writers ?? 0,
      sessions,
      live,
      working: busy,
      ...(self ? { sync: selfSync(facts, nowMs) } : {}),
    };
  });
  return computers.sort(
    (a, b) =>
      Number(b.self) - Number(a.self) || stateRank[a.state] - stateRank[b.state] || a.host.localeCompare(b.host),
  );
}

function workingSessions(input: ComputersInput): Set<string> {
  const ids = new Set<string>();
  for (const c of input.claims) if (!c.expired) ids.add(c.claim.holder);
  for (const w of input.work) if (w.state === 'claimed' && w.holder) ids.add(w.holder);
  const alive = new Set(input.sessions.filter((v) => isAlive(v.state)).map((v) => v.session.id));
  return new Set([...ids].filter((id) => alive.has(id)));
}

function selfSync(facts: ComputerFacts, nowMs: number): SelfSync {
  const round = facts.lastRound;
  const lockAge = facts.syncLockRefreshedMs === undefined ? undefined : nowMs - facts.syncLockRefreshedMs;
  return {
    // A lock nobody refreshed for the stale time is a killed round's leftover, not a round running.
    syncing: lockAge !== undefined && lockAge <= loopLockStaleMs,
    neverSynced: !round && !facts.writers,
    ...(round ? { lastRound: round } : {}),
    ...(round && !okOutcomes.has(round.outcome) ? { lastError: round.reason ?? round.outcome } : {}),
  };
}
