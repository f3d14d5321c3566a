import { claimLabel, type ClaimView } from '../claims/claimView';
import type { Liveness } from '../sessions/liveness';
import { livenessTransitions } from '../sessions/livenessTransitions';
import type { ProtocolConfig } from '../records/protocolConfig';
import type { Message } from '../records/message';
import type { Session } from '../records/session';
import type { SessionView } from '../sessions/sessions';
import type { TreeChange } from './treeCache';

export const activityKinds = [
  'joined',
  'stale',
  'gone',
  'left',
  'claimed',
  'renewed',
  'released',
  'expired',
  'takenOver',
  'messageSent',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** One thing that happened in the tree, told from the point of view of the session it concerns. */
export interface ActivityEvent {
  at: number;
  kind: ActivityKind;
  /** The session that acted (or, for stale/gone/expired, the one it happened to). */
  session: string;
  /** `<type>/<name>` for claim events. */
  claim?: string;
  /** The holder a claim was taken over from. */
  previousHolder?: string;
  /** Recipient (a session id or `broadcast`), subject and id of a sent message. */
  to?: string;
  subject?: string;
  messageId?: string;
}

/**
 * What the changed files say happened. Times come from the records where they carry one, so a batch the watcher
 * delivers late still lands at the right place in the log; a deletion has no record left and takes `nowMs`.
 */
export function activityFromChanges(changes: readonly TreeChange[], nowMs: number): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  for (const change of changes) {
    if (change.kind === 'session') {
      const { before, after } = change;
      if (after && !before) events.push({ at: Date.parse(after.startedAt), kind: 'joined', session: change.id });
      if (after?.endedAt !== undefined && before?.endedAt === undefined)
        events.push({ at: Date.parse(after.endedAt), kind: 'left', session: change.id });
      if (before && !after && before.endedAt === undefined)
        events.push({ at: nowMs, kind: 'left', session: change.id });
    } else if (change.kind === 'claim') {
      const { before, after } = change;
      if (after && (!before || before.holder !== after.holder || after.transitions > before.transitions)) {
        const previousHolder = before && before.holder !== after.holder ? before.holder : undefined;
        const takenOver = after.transitions > (before?.transitions ?? 0) || previousHolder !== undefined;
        events.push({
          at: Date.parse(after.acquiredAt),
          kind: takenOver ? 'takenOver' : 'claimed',
          session: after.holder,
          claim: claimLabel(after),
          ...(previousHolder ? { previousHolder } : {}),
        });
      } else if (after && before && after.renewedAt !== before.renewedAt) {
        events.push({
          at: Date.parse(after.renewedAt),
          kind: 'renewed',
          session: after.holder,
          claim: claimLabel(after),
        });
      } else if (before && !after) {
        events.push({ at: nowMs, kind: 'released', session: before.holder, claim: claimLabel(before) });
      }
    } else if (change.kind === 'message' && change.after) {
      events.push(messageEvent(change.after));
    }
  }
  return events;
}

function messageEvent(m: Message): ActivityEvent {
  return {
    at: Date.parse(m.sentAt),
    kind: 'messageSent',
    session: m.from,
    to: m.to,
    subject: m.subject,
    messageId: m.id,
  };
}

/** The parts of a snapshot the history is read from. */
export interface ActivitySource {
  sessions: readonly { session: Session; state: Liveness }[];
  claims: readonly ClaimView[];
  messages: readonly Message[];
}

/**
 * A history told by the records themselves, for a log opened after the fact: who joined and left when, who holds
 * what since when, which messages were sent, and which sessions and leases have since run out — each at the time
 * the records imply. Newest first, at most `limit`.
 */
export function activityFromRecords(
  source: ActivitySource,
  config: Pick<ProtocolConfig, 'heartbeatIntervalSeconds' | 'goneAfterSeconds'>,
  limit: number,
): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  for (const { session, state } of source.sessions) {
    events.push({ at: Date.parse(session.startedAt), kind: 'joined', session: session.id });
    if (session.endedAt !== undefined)
      events.push({ at: Date.parse(session.endedAt), kind: 'left', session: session.id });
    const beat = Date.parse(session.heartbeatAt);
    if (state === 'stale' || state === 'gone')
      events.push({ at: beat + 2 * config.heartbeatIntervalSeconds * 1000, kind: 'stale', session: session.id });
    if (state === 'gone') events.push({ at: beat + config.goneAfterSeconds * 1000, kind: 'gone', session: session.id });
  }
  for (const view of source.claims) {
    const { claim } = view;
    const key = claimLabel(claim);
    events.push({
      at: Date.parse(claim.acquiredAt),
      kind: claim.transitions > 0 ? 'takenOver' : 'claimed',
      session: claim.holder,
      claim: key,
    });
    if (view.expired)
      events.push({ at: Date.parse(view.expiresAt), kind: 'expired', session: claim.holder, claim: key });
  }
  for (const m of source.messages) events.push(messageEvent(m));
  return newestFirst(events).slice(0, limit);
}

/** Newest first; equal times keep their given order, so a claim and its expiry never swap. */
export function newestFirst(events: ActivityEvent[]): ActivityEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => b.event.at - a.event.at || b.index - a.index)
    .map((x) => x.event);
}

/**
 * Events no file change announces: a session going stale or gone and a lease running out happen by the clock
 * alone. Remembers what it saw last and reports only the transitions; the first look only takes note.
 */
export class ActivityClock {
  private states: Record<string, Liveness> | undefined;
  private expired = new Map<string, string>();

  observe(sessions: readonly SessionView[], claims: readonly ClaimView[], nowMs: number): ActivityEvent[] {
    const events: ActivityEvent[] = [];
    const first = this.states === undefined;
    const { transitions, states } = livenessTransitions(this.states, sessions);
    this.states = states;
    for (const { session, from, to } of transitions) {
      if (to === 'stale' && from === 'active') events.push({ at: nowMs, kind: 'stale', session });
      if (to === 'gone' && (from === 'active' || from === 'stale')) events.push({ at: nowMs, kind: 'gone', session });
    }
    // Keyed by claim and holder, so a claim taken over and left to run out again is reported again.
    const expired = new Map<string, string>();
    for (const view of claims) {
      if (!view.expired) continue;
      const key = `${view.claim.type}/${view.claim.name}`;
      expired.set(key, view.claim.holder);
      if (!first && this.expired.get(key) !== view.claim.holder)
        events.push({
          at: Date.parse(view.expiresAt),
          kind: 'expired',
          session: view.claim.holder,
          claim: claimLabel(view.claim),
        });
    }
    this.expired = expired;
    return events;
  }
}
