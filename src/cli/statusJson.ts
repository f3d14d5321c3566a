import type { StatusSnapshot } from '../core/views/status';
import type { ComputerFacts } from '../core/views/computerFacts';
import { defaultSyncIntervalMs, listComputers, type ComputerView } from '../core/views/computers';

/** The computers that sync the tree as the CLI judges them: by the sync interval's default, which it cannot read. */
export function cliComputers(status: StatusSnapshot, facts: ComputerFacts, host: string): ComputerView[] {
  return listComputers({
    sessions: status.sessions,
    claims: status.claims,
    work: status.workItems,
    facts,
    selfHost: host,
    nowMs: Date.parse(status.now),
    syncIntervalMs: defaultSyncIntervalMs,
  });
}

/** `statusJson` with the computers, as `coord status --json` and each object of `--watch --json` carry it. */
export function statusJsonWithComputers(status: StatusSnapshot, computers: ComputerView[]): Record<string, unknown> {
  return { ...statusJson(status), computers, syncIntervalMs: defaultSyncIntervalMs };
}

/** The JSON of `coord status`, shared with each object `coord status --watch --json` streams, so both read alike. */
export function statusJson(status: StatusSnapshot): Record<string, unknown> {
  return {
    dir: status.dir,
    now: status.now,
    ...(status.self ? { self: status.self } : {}),
    sessionCounts: status.sessionCounts,
    sessions: status.sessions.map((s) => ({
      ...s.session,
      state: s.state,
      heartbeatAgeMs: s.heartbeatAgeMs,
      claims: s.claims,
    })),
    claims: status.claims.map((v) => ({
      ...v.claim,
      expiresAt: v.expiresAt,
      remainingMs: v.remainingMs,
      expired: v.expired,
      holderState: v.holderState,
      free: v.free,
    })),
    ...(status.messages ? { messages: status.messages } : {}),
    work: status.work,
    diagnostics: status.diagnostics,
  };
}
