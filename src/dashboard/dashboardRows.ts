import type { InboxEntry } from '../core/messages/messages';
import type { SessionView } from '../core/sessions/sessions';
import type { CoordinationSnapshot, SnapshotClaim } from '../core/views/treeCache';
import { bodyPreviewLength, type ClaimRow, type MessageRow, type SessionRow } from './protocol';

/** The rows the page holds, keyed as the protocol's patches are. */
export interface DashboardRows {
  sessions: Map<string, SessionRow>;
  claims: Map<string, ClaimRow>;
  messages: Map<string, MessageRow>;
}

/**
 * Flattens a snapshot into the page's rows: only what the page shows, times as numbers, optional fields left out
 * rather than undefined so that rows compare field by field.
 */
export function dashboardRows(snapshot: CoordinationSnapshot, previous?: DashboardRows): DashboardRows {
  const sessions = new Map<string, SessionRow>();
  for (const view of snapshot.sessions) sessions.set(view.session.id, sessionRow(view));
  const claims = new Map<string, ClaimRow>();
  for (const view of snapshot.claims) {
    const row = claimRow(view);
    claims.set(row.key, row);
  }
  const messages = new Map<string, MessageRow>();
  for (const entry of snapshot.inbox) {
    // Messages never change once written, only their read mark: reuse the row already built.
    const old = previous?.messages.get(entry.message.id);
    messages.set(entry.message.id, old && old.read === entry.read ? old : messageRow(entry));
  }
  return { sessions, claims, messages };
}

export function sessionRow({ session, state }: SessionView): SessionRow {
  const beat = session.heartbeat;
  return {
    id: session.id,
    name: session.name,
    ...(session.role ? { role: session.role } : {}),
    kind: session.kind,
    host: session.host,
    state,
    startedAt: Date.parse(session.startedAt),
    heartbeatAt: Date.parse(session.heartbeatAt),
    ...(session.endedAt ? { endedAt: Date.parse(session.endedAt) } : {}),
    ...(beat?.action ? { action: beat.action } : {}),
    ...(beat?.target ? { target: beat.target } : {}),
    ...(beat?.phase ? { phase: beat.phase } : {}),
    ...(beat?.progress !== undefined ? { progress: beat.progress } : {}),
  };
}

/** The snapshot carries the confirmation: building a row reads no file. */
export function claimRow({ claim, expiresAt, confirmation, pendingReason }: SnapshotClaim): ClaimRow {
  return {
    key: `${claim.type}/${claim.name}`,
    type: claim.type,
    name: claim.name,
    holder: claim.holder,
    acquiredAt: Date.parse(claim.acquiredAt),
    renewedAt: Date.parse(claim.renewedAt),
    expiresAt: Date.parse(expiresAt),
    ttlSeconds: claim.ttl,
    transitions: claim.transitions,
    ...(claim.reason ? { reason: claim.reason } : {}),
    ...(claim.glob !== undefined ? { glob: claim.glob, ...(claim.shared ? { shared: true } : {}) } : {}),
    ...(confirmation ? { confirmation } : {}),
    ...(confirmation === 'pending' && pendingReason ? { pendingReason } : {}),
  };
}

export function messageRow({ message: m, read }: InboxEntry): MessageRow {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    subject: m.subject,
    body: m.body.length > bodyPreviewLength ? m.body.slice(0, bodyPreviewLength) : m.body,
    ...(m.body.length > bodyPreviewLength ? { bodyCut: m.body.length - bodyPreviewLength } : {}),
    priority: m.priority,
    sentAt: Date.parse(m.sentAt),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    ...(m.ackRequired ? { ackRequired: true } : {}),
    read,
  };
}
