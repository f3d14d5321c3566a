import type { ProtocolConfig } from '../records/protocolConfig';
import type { Session } from '../records/session';

export const livenessStates = ['active', 'stale', 'gone', 'ended'] as const;
export type Liveness = (typeof livenessStates)[number];

/**
 * Liveness is derived from heartbeat age, never stored: active, stale (older than 2 × the heartbeat interval),
 * gone (older than the gone threshold), or ended (the session stopped itself).
 */
export function livenessOf(session: Session, nowMs: number, config: ProtocolConfig): Liveness {
  if (session.endedAt !== undefined) return 'ended';
  const age = heartbeatAgeMs(session, nowMs);
  if (age > config.goneAfterSeconds * 1000) return 'gone';
  if (age > 2 * config.heartbeatIntervalSeconds * 1000) return 'stale';
  return 'active';
}

export function heartbeatAgeMs(session: Session, nowMs: number): number {
  return Math.max(0, nowMs - Date.parse(session.heartbeatAt));
}

/** A session that can still hold claims and receive messages. */
export function isAlive(state: Liveness): boolean {
  return state === 'active' || state === 'stale';
}
