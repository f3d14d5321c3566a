import type { StatusSnapshot } from '../core/views/status';
import { statusRecord } from '../core/views/statusRecord';
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
  return statusRecord(status);
}
