import { claimRecord } from '../claims/claimView';
import type { StatusSnapshot } from './status';

/**
 * The status as one plain record — what `coord status --json`, each object of `--watch --json` and the status tool
 * carry — so all of them read alike. `sessions` narrows the sessions listed (the tool shows live ones by default).
 */
export function statusRecord(
  status: StatusSnapshot,
  sessions: StatusSnapshot['sessions'] = status.sessions,
): Record<string, unknown> {
  return {
    dir: status.dir,
    now: status.now,
    ...(status.self ? { self: status.self } : {}),
    sessionCounts: status.sessionCounts,
    sessions: sessions.map((s) => ({
      ...s.session,
      state: s.state,
      heartbeatAgeMs: s.heartbeatAgeMs,
      claims: s.claims,
    })),
    claims: status.claims.map(claimRecord),
    ...(status.messages ? { messages: status.messages } : {}),
    work: status.work,
    diagnostics: status.diagnostics,
  };
}
