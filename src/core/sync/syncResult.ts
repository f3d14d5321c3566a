import type { Diagnostic } from '../store/diagnostics';

export type SyncOutcome = 'synced' | 'up-to-date' | 'offline' | 'gave-up' | 'busy' | 'disabled';

/** What one sync round did, for `coord sync --json`, the watch log and the status bar. */
export interface SyncResult {
  outcome: SyncOutcome;
  /** Where claims were confirmed and the tree published: the remote, or this repository when it has none. */
  mode?: 'remote' | 'local';
  remote: string;
  branch: string;
  /** This computer's tree ref after the round (with no remote: the local branch that mirrors the tree). */
  commit?: string;
  /** Files whose version here came from another computer this round (received). */
  fetched: number;
  /** Local files written or removed to take in the merge. */
  merged: number;
  /** Files this round published. */
  pushed: number;
  /** Whether the round published (or republished) this computer's tree. */
  published: boolean;
  /** Local changes not on the authority yet. */
  ahead: number;
  /** Changes on the authority not taken in yet; null when it could not be asked. */
  behind: number | null;
  claims: {
    confirmed: string[];
    lost: { key: string; holder: string; winner?: string }[];
    pending: string[];
  };
  diagnostics: Diagnostic[];
  /** Why the round was offline, gave up or was busy. */
  reason?: string;
  attempts: number;
  startedAt: string;
  durationMs: number;
}

export function emptySyncResult(remote: string, branch: string, startedAt: number): SyncResult {
  return {
    outcome: 'up-to-date',
    remote,
    branch,
    fetched: 0,
    merged: 0,
    pushed: 0,
    published: false,
    ahead: 0,
    behind: null,
    claims: { confirmed: [], lost: [], pending: [] },
    diagnostics: [],
    attempts: 0,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: 0,
  };
}

/** One line for a log: what happened, in the order a person asks. */
export function syncSummary(result: SyncResult): string {
  const where = result.mode === 'local' ? 'this repository' : result.remote;
  const lost = result.claims.lost.map((l) => `${l.key} lost to ${l.winner ?? 'a release'}`);
  const parts = [
    `${result.outcome}${result.outcome === 'synced' || result.outcome === 'up-to-date' ? ` with ${where}/${result.branch}` : ''}${result.reason ? ` — ${result.reason}` : ''}`,
    result.fetched || result.merged || result.pushed
      ? `received ${result.fetched}, merged ${result.merged}, pushed ${result.pushed}`
      : '',
    result.ahead ? `${result.ahead} local change(s) waiting` : '',
    result.claims.confirmed.length ? `confirmed ${result.claims.confirmed.join(', ')}` : '',
    lost.length ? lost.join(', ') : '',
    result.claims.pending.length ? `pending ${result.claims.pending.join(', ')}` : '',
    result.diagnostics.length ? `${result.diagnostics.length} problem(s)` : '',
    `${result.durationMs} ms`,
  ];
  return parts.filter((p) => p !== '').join('; ');
}
