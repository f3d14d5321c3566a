import type { StatusSnapshot } from '../core/sessions/status';

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
