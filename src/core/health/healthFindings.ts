import type { FreedClaim } from '../claims/claimReaper';
import type { DuplicateWork } from '../work/duplicateWork';
import type { IdleMatch } from '../work/idleMatching';
import type { LivenessTransition } from '../sessions/livenessTransitions';
import type { Diagnostic } from '../store/diagnostics';
import type { Milestone } from '../work/milestones';
import type { ServiceCheck, ServiceState } from './serviceChecks';

export const findingKinds = [
  'liveness',
  'claim-freed',
  'duplicate-work',
  'idle',
  'service',
  'milestone',
  'problem',
] as const;
export type FindingKind = (typeof findingKinds)[number];
export type FindingSeverity = 'info' | 'warning' | 'error';

/**
 * What a health round found. An event happened this round (a session went stale, a claim was freed); an insight
 * is a standing condition (two sessions on one target, a service down) and is found again every round it lasts.
 */
export interface Finding {
  kind: FindingKind;
  category: 'event' | 'insight';
  /** The same key is the same finding: it is announced once. */
  key: string;
  severity: FindingSeverity;
  text: string;
  /** The sessions it concerns (a window is told when its own session is among them). */
  sessions: string[];
  /** Worth a broadcast to every session when broadcasting is on (stale blips and file nits are not). */
  announce: boolean;
}

export function livenessFinding(t: LivenessTransition, freedClaims: readonly string[]): Finding {
  const retired = t.to === 'gone';
  const claims = freedClaims.length ? `; its claims are free again: ${freedClaims.join(', ')}` : '';
  const text = retired
    ? `${t.session} is gone (no heartbeat since ${t.heartbeatAt}) and retired${claims}; messages to it are refused`
    : t.to === 'ended'
      ? `${t.session} ended its session`
      : t.to === 'stale'
        ? `${t.session} is stale (no heartbeat since ${t.heartbeatAt})`
        : `${t.session} is ${t.to} again (was ${t.from})`;
  return {
    kind: 'liveness',
    category: 'event',
    key: `liveness:${t.session}:${t.from}>${t.to}:${t.heartbeatAt}`,
    severity: retired ? 'warning' : 'info',
    text,
    sessions: [t.session],
    announce: retired,
  };
}

export function freedClaimFinding(f: FreedClaim): Finding {
  const name = `${f.claim.type}/${f.claim.name}`;
  const why =
    f.because === 'expired'
      ? `its lease ran out at ${f.expiresAt}`
      : f.because === 'holder-gone'
        ? `its holder ${f.claim.holder} is gone`
        : `its holder ${f.claim.holder} ended`;
  return {
    kind: 'claim-freed',
    category: 'event',
    key: `claim-freed:${name}:${f.claim.holder}:${f.claim.renewedAt}`,
    severity: 'info',
    text: `claim ${name} of ${f.claim.holder} freed: ${why}`,
    sessions: [f.claim.holder],
    announce: true,
  };
}

export function duplicateFinding(d: DuplicateWork): Finding {
  return {
    kind: 'duplicate-work',
    category: 'insight',
    key: d.key,
    severity: 'warning',
    text: d.text,
    sessions: d.sessions,
    announce: true,
  };
}

export function idleFinding(m: IdleMatch): Finding | undefined {
  if (!m.item) return undefined;
  const item = m.item.item;
  const why =
    m.rank === 0
      ? ', assigned to it'
      : m.rank === 1
        ? `, for its role ${item.role ?? ''}`
        : m.rank === 3
          ? `, meant for role ${item.role ?? ''}`
          : '';
  return {
    kind: 'idle',
    category: 'insight',
    key: `idle:${m.session}:${item.id}`,
    severity: 'info',
    text: `${m.session} is idle; top ready item for it: ${item.id} "${item.title}" (priority ${item.priority}${why}) — \`coord work next\` takes it`,
    sessions: [m.session],
    announce: true,
  };
}

export function serviceFinding(check: ServiceCheck, previous: ServiceState | undefined): Finding | undefined {
  if (check.state === 'online') {
    if (previous === undefined || previous === 'online') return undefined;
    return {
      kind: 'service',
      category: 'event',
      key: `service:${check.name}:online:${check.checkedAt}`,
      severity: 'info',
      text: `service ${check.name} is online again (was ${previous}; ${check.responseMs} ms)`,
      sessions: [],
      announce: true,
    };
  }
  return {
    kind: 'service',
    category: 'insight',
    key: `service:${check.name}:${check.state}`,
    severity: check.state === 'degraded' ? 'warning' : 'error',
    text: `service ${check.name} is ${check.state}${check.detail ? ` (${check.detail})` : ''}`,
    sessions: [],
    announce: true,
  };
}

export function milestoneCompleteFinding(m: Milestone): Finding {
  return {
    kind: 'milestone',
    category: 'event',
    key: `milestone:${m.name}:complete:${m.total}`,
    severity: 'info',
    text: `milestone ${m.title} is complete (${m.done}/${m.total})`,
    sessions: [],
    announce: true,
  };
}

export function problemFinding(problem: Diagnostic): Finding {
  return {
    kind: 'problem',
    category: 'insight',
    key: `problem:${problem.path}:${problem.reason}`,
    severity: 'warning',
    text: `${problem.path}: ${problem.reason}`,
    sessions: [],
    announce: false,
  };
}

/** Events first (in the order they happened), then insights, most severe first. */
export function sortFindings(findings: Finding[]): Finding[] {
  const weight = { error: 0, warning: 1, info: 2 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        (a.f.category === b.f.category ? 0 : a.f.category === 'event' ? -1 : 1) ||
        (a.f.category === 'insight' ? weight[a.f.severity] - weight[b.f.severity] : 0) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}
