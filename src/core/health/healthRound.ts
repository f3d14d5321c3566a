import { relative } from 'node:path';
import { toJson, writeFileAtomic } from '../store/atomicFile';
import { freeExpiredClaims, type FreedClaim } from '../claims/claimReaper';
import type { ClaimView } from '../claims/claimView';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import type { Diagnostic } from '../store/diagnostics';
import { findDuplicateWork, type DuplicateWork } from '../work/duplicateWork';
import { defaultBroadcastOptions, planBroadcast, broadcastText, type BroadcastOptions } from './findingBroadcast';
import {
  duplicateFinding,
  freedClaimFinding,
  idleFinding,
  livenessFinding,
  milestoneCompleteFinding,
  problemFinding,
  serviceFinding,
  sortFindings,
  type Finding,
} from './healthFindings';
import {
  healthStatePath,
  lastRoundPath,
  loadHealthState,
  saveHealthState,
  serviceHistoryLength,
  toStoredFinding,
  type HealthStateFile,
} from './healthState';
import { idleSessions, matchIdleSessions } from '../work/idleMatching';
import { isAlive, livenessStates, type Liveness } from '../sessions/liveness';
import { livenessTransitions } from '../sessions/livenessTransitions';
import { sendMessage, messageTotals } from '../messages/messages';
import { readMilestones } from '../work/milestones';
import { writeReport, type ReportInput } from './reports';
import { broadcast } from '../records/message';
import { checkServices, readServicesFile, type ServiceCheck, type ServiceState } from './serviceChecks';
import type { SessionView } from '../sessions/sessions';
import { renderStatusBoard, writeStatusBoard } from './statusBoard';
import { buildWorkViews, type WorkState, type WorkView } from '../work/work';
import { scanHealthInputs, type HealthInputs } from './healthInputs';
import type { RouteRank } from '../work/workRouting';

export const defaultHealthIntervalMs = 30_000;
export const defaultReportEveryRounds = 10;

export interface HealthRoundOptions {
  /** Service checks make network requests: only in a trusted workspace. The CLI is always trusted. */
  trusted: boolean;
  /** Default: read from disk. */
  inputs?: HealthInputs;
  /**
   * Default true: this process runs the loop for the checkout, so the round frees claims, remembers what it saw,
   * broadcasts, and writes reports and STATUS.md. False: a look only, nothing written (another process runs it).
   */
  record?: boolean;
  /** Every this many rounds a report goes to reports/ (0: never). Default 10. */
  reportEveryRounds?: number;
  /** 'always': write a report this round (`coord report`). */
  report?: 'scheduled' | 'always';
  /** Broadcast new findings as this session; undefined: findings are not broadcast. */
  broadcastAs?: string;
  broadcastOptions?: BroadcastOptions;
  /** 'write' (default): STATUS.md is rewritten when its content changed; 'skip': the caller debounces it. */
  statusBoard?: 'write' | 'skip';
}

export interface IdleSummary {
  session: string;
  role?: string;
  item?: { id: string; title: string; priority: number; rank: RouteRank };
}

export interface ServicesSummary {
  /** False in an untrusted workspace: not one request was made. */
  checked: boolean;
  reason?: string;
  /** Configured services (from services.json), checked or not. */
  configured: number;
  results: ServiceCheck[];
  history: HealthStateFile['serviceHistory'];
}

export interface MilestonesSummary {
  done: number;
  total: number;
  milestones: { name: string; title: string; done: number; total: number }[];
  problems: Diagnostic[];
}

export interface HealthRoundResult {
  round: number;
  at: number;
  durationMs: number;
  recorded: boolean;
  sessions: Record<Liveness, number>;
  claims: { total: number; freed: number };
  work: Record<WorkState, number>;
  /** Events first, then insights. */
  findings: Finding[];
  duplicates: DuplicateWork[];
  idle: IdleSummary[];
  milestones: MilestonesSummary;
  services: ServicesSummary;
  /** Path of the report written this round. */
  report?: string;
  statusBoard: 'written' | 'unchanged' | 'skipped';
  broadcast?: { messageId: string; count: number } | { held: number; reason: string };
  diagnostics: Diagnostic[];
}

/**
 * One round of the health check: liveness transitions, retirement of gone sessions and freeing of free claims,
 * duplicate work, idle sessions matched to ready work, milestones, services; then — when recording — broadcast,
 * report and STATUS.md. Bad files and failures of a part are reported in the result; a round never throws for
 * what it finds in the tree.
 */
export async function runHealthRound(ctx: CoordContext, options: HealthRoundOptions): Promise<HealthRoundResult> {
  const started = performance.now();
  const now = ctx.clock.now();
  const record = options.record !== false;
  const diagnostics: Diagnostic[] = [];
  const loaded = loadHealthState(ctx.layout, isoTime(now));
  if (loaded.problem) diagnostics.push({ path: healthStatePath(ctx.layout), reason: loaded.problem });
  const state = loaded.state;
  // Services first, so their requests are under way while the tree is read (scanHealthInputs yields often, so
  // response times stay true): a round takes about as long as the slowest check, not the checks plus the scan.
  const servicesFile = readServicesFile(ctx.layout);
  const checking =
    options.trusted && servicesFile.services.length
      ? checkServices(servicesFile.services, { now: () => ctx.clock.now() })
      : Promise.resolve([]);
  const inputs = options.inputs ?? (await scanHealthInputs(ctx));
  diagnostics.push(...inputs.diagnostics);

  const { transitions, states } = livenessTransitions(loaded.fresh ? undefined : state.sessions, inputs.sessions);
  const freed: FreedClaim[] = record ? freeExpiredClaims(ctx, inputs.claims) : [];
  const freedKeys = new Set(freed.map((f) => `${f.claim.type}/${f.claim.name}`));
  const claims = inputs.claims.filter((c) => !freedKeys.has(`${c.claim.type}/${c.claim.name}`));
  const work = freed.length
    ? buildWorkViews(
        inputs.work.map((w) => w.item),
        claims,
      )
    : inputs.work;

  const duplicates = findDuplicateWork(inputs.sessions, claims);
  const idle = matchIdleSessions(inputs.sessions, claims, work);
  const milestones = readMilestones(ctx.layout);
  const results: ServiceCheck[] = await checking;

  const findings: Finding[] = [];
  const freedBy = new Map<string, string[]>();
  for (const f of freed)
    freedBy.set(f.claim.holder, [...(freedBy.get(f.claim.holder) ?? []), `${f.claim.type}/${f.claim.name}`]);
  for (const t of transitions) findings.push(livenessFinding(t, t.to === 'gone' ? (freedBy.get(t.session) ?? []) : []));
  for (const f of freed) findings.push(freedClaimFinding(f));
  for (const m of milestones.milestones) {
    const before = state.milestones[m.name];
    if (
      !loaded.fresh &&
      m.total > 0 &&
      m.done === m.total &&
      (before === undefined || before.done < before.total || before.total !== m.total)
    ) {
      findings.push(milestoneCompleteFinding(m));
    }
  }
  for (const check of results) {
    const finding = serviceFinding(check, loaded.fresh ? undefined : state.services[check.name]);
    if (finding) findings.push(finding);
  }
  for (const d of duplicates) findings.push(duplicateFinding(d));
  for (const m of idle) {
    const finding = idleFinding(m);
    if (finding) findings.push(finding);
  }
  if (servicesFile.problem) findings.push(problemFinding(treeRelative(ctx, servicesFile.problem)));
  for (const p of milestones.problems) findings.push(problemFinding(treeRelative(ctx, p)));

  const sessionCounts = Object.fromEntries(livenessStates.map((s) => [s, 0])) as Record<Liveness, number>;
  for (const s of inputs.sessions) sessionCounts[s.state]++;
  const workCounts: Record<WorkState, number> = { ready: 0, claimed: 0, blocked: 0, done: 0 };
  for (const w of work) workCounts[w.state]++;

  const result: HealthRoundResult = {
    round: state.round + (record ? 1 : 0),
    at: now,
    durationMs: 0,
    recorded: record,
    sessions: sessionCounts,
    claims: { total: claims.length, freed: freed.length },
    work: workCounts,
    findings: sortFindings(findings),
    duplicates,
    idle: idle.map((m) => ({
      session: m.session,
      ...(m.role ? { role: m.role } : {}),
      ...(m.item && m.rank !== undefined
        ? { item: { id: m.item.item.id, title: m.item.item.title, priority: m.item.item.priority, rank: m.rank } }
        : {}),
    })),
    milestones: {
      done: milestones.done,
      total: milestones.total,
      milestones: milestones.milestones.map((m) => ({ name: m.name, title: m.title, done: m.done, total: m.total })),
      problems: milestones.problems.map((p) => treeRelative(ctx, p)),
    },
    services: {
      checked: options.trusted,
      ...(options.trusted ? {} : { reason: 'the workspace is not trusted: no request was made' }),
      configured: servicesFile.services.length,
      results,
      history: withHistory(state.serviceHistory, results, record),
    },
    statusBoard: 'skipped',
    diagnostics,
  };

  if (record) {
    const next: HealthStateFile = {
      ...state,
      round: result.round,
      at: isoTime(now),
      sessions: states,
      services: Object.fromEntries(results.map((r) => [r.name, r.state])) as Record<string, ServiceState>,
      milestones: Object.fromEntries(milestones.milestones.map((m) => [m.name, { done: m.done, total: m.total }])),
      serviceHistory: result.services.history,
      window: countWindow(state.window, inputs.sessions, claims, result.findings),
    };
    if (options.broadcastAs)
      result.broadcast = announce(
        ctx,
        options.broadcastAs,
        result.findings,
        next,
        now,
        options.broadcastOptions ?? defaultBroadcastOptions,
        diagnostics,
      );
    const every = options.reportEveryRounds ?? defaultReportEveryRounds;
    if (options.report === 'always' || (every > 0 && result.round % every === 0)) {
      result.report = safely(diagnostics, ctx.layout.reportsDir, () =>
        writeReport(ctx.layout, reportInput(ctx, result, inputs.sessions, claims, work, next, now)),
      );
      if (result.report) {
        next.lastReport = { at: isoTime(now), path: result.report };
        next.window = { since: isoTime(now), rounds: 0, seen: {}, busy: {}, events: {} };
      }
    }
    safely(diagnostics, ctx.layout.localDir, () => saveHealthState(ctx.layout, next));
    if (options.statusBoard !== 'skip') {
      result.statusBoard =
        safely(diagnostics, ctx.layout.statusFile, () =>
          writeStatusBoard(ctx.layout, renderStatusBoard({ result, sessions: inputs.sessions, claims, work }))
            ? 'written'
            : 'unchanged',
        ) ?? 'skipped';
    }
  } else if (options.report === 'always') {
    result.report = safely(diagnostics, ctx.layout.reportsDir, () =>
      writeReport(ctx.layout, reportInput(ctx, result, inputs.sessions, claims, work, state, now)),
    );
  }
  result.durationMs = Math.round(performance.now() - started);
  if (record)
    safely(diagnostics, ctx.layout.localDir, () => writeFileAtomic(lastRoundPath(ctx.layout), toJson(result)));
  return result;
}

function withHistory(
  history: HealthStateFile['serviceHistory'],
  results: readonly ServiceCheck[],
  record: boolean,
): HealthStateFile['serviceHistory'] {
  const next: HealthStateFile['serviceHistory'] = {};
  const names = new Set(results.map((r) => r.name));
  for (const [name, entries] of Object.entries(history)) if (names.has(name) || !record) next[name] = entries;
  if (!record) return next;
  for (const r of results) {
    next[r.name] = [...(history[r.name] ?? []), { at: isoTime(r.checkedAt), state: r.state, ms: r.responseMs }].slice(
      -serviceHistoryLength,
    );
  }
  return next;
}

/** Utilisation counters for the report: per live session, rounds seen and rounds busy (a claim or an action). */
function countWindow(
  window: HealthStateFile['window'],
  sessions: readonly SessionView[],
  claims: readonly ClaimView[],
  findings: readonly Finding[],
): HealthStateFile['window'] {
  const idle = new Set(idleSessions(sessions, claims).map((s) => s.session.id));
  const seen = { ...window.seen };
  const busy = { ...window.busy };
  for (const s of sessions) {
    if (!isAlive(s.state)) continue;
    const id = s.session.id;
    seen[id] = (seen[id] ?? 0) + 1;
    if (!idle.has(id)) busy[id] = (busy[id] ?? 0) + 1;
  }
  const events = { ...window.events };
  for (const f of findings) if (f.category === 'event') events[f.kind] = (events[f.kind] ?? 0) + 1;
  return { since: window.since, rounds: window.rounds + 1, seen, busy, events };
}

function announce(
  ctx: CoordContext,
  from: string,
  findings: Finding[],
  state: HealthStateFile,
  now: number,
  options: BroadcastOptions,
  diagnostics: Diagnostic[],
): HealthRoundResult['broadcast'] {
  const plan = planBroadcast(findings, state, now, options);
  state.said = plan.said;
  state.pending = plan.pending.map(toStoredFinding);
  if (plan.say.length === 0) {
    return plan.throttledUntil
      ? { held: plan.pending.length, reason: `throttled until ${isoTime(plan.throttledUntil)}` }
      : undefined;
  }
  try {
    const { subject, body } = broadcastText(plan.say);
    const message = sendMessage(ctx, from, broadcast, subject, body);
    state.lastBroadcastAt = isoTime(now);
    return { messageId: message.id, count: plan.say.length };
  } catch (error) {
    // Not said after all: forget that it was, so the next round tries again.
    for (const f of plan.say) delete state.said[f.key];
    state.pending = [...state.pending, ...plan.say.filter((f) => f.category === 'event').map(toStoredFinding)].slice(
      -options.maxPending,
    );
    const reason = error instanceof Error ? error.message : String(error);
    diagnostics.push({
      path: ctx.layout.inboxDir(broadcast),
      reason: `could not broadcast the findings as ${from}: ${reason}`,
    });
    return { held: plan.say.length, reason };
  }
}

function reportInput(
  ctx: CoordContext,
  result: HealthRoundResult,
  sessions: SessionView[],
  claims: ClaimView[],
  work: WorkView[],
  state: HealthStateFile,
  now: number,
): ReportInput {
  const since = Date.parse(state.window.since);
  const messages = messageTotals(ctx, Number.isFinite(since) ? since : 0);
  return {
    result,
    sessions,
    claims,
    work,
    window: state.window,
    messages: { total: messages.total, since: messages.since },
    now,
  };
}

/** Paths in findings and reports are relative to the tree: they are read on other computers and on the forge. */
function treeRelative(ctx: CoordContext, d: Diagnostic): Diagnostic {
  const path = relative(ctx.layout.dir, d.path);
  return { path: path.startsWith('..') ? d.path : path, reason: d.reason };
}

/** A write that fails (a full disk, a read-only tree) is reported in the round's diagnostics, never thrown. */
function safely<T>(diagnostics: Diagnostic[], path: string, write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    diagnostics.push({ path, reason: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
