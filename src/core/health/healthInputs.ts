import { listClaims } from '../claims/claims';
import { claimView, type ClaimView } from '../claims/claimView';
import type { CoordContext } from '../records/context';
import { DiagnosticSink, type Diagnostic } from '../store/diagnostics';
import { livenessOf, type Liveness } from '../sessions/liveness';
import { listNames, readRecord } from '../records/recordReader';
import { claimSchema } from '../records/claim';
import { sessionSchema } from '../records/session';
import { workItemSchema, type WorkItem } from '../records/workItem';
import { listSessions, type SessionView } from '../sessions/sessions';
import { buildWorkViews, listWork, type WorkView } from '../work/work';
import { heartbeatAgeMs } from '../sessions/liveness';

/** What a round looks at: the tree as listed from disk, or as a long-lived front end already holds it in memory. */
export interface HealthInputs {
  sessions: SessionView[];
  claims: ClaimView[];
  work: WorkView[];
  diagnostics: Diagnostic[];
}

/** The tree in one synchronous pass (the listings every command uses). */
export function readHealthInputs(ctx: CoordContext): HealthInputs {
  const sink = new DiagnosticSink();
  const sessions = listSessions(ctx, sink);
  const claims = listClaims(ctx, sink);
  const work = listWork(ctx, sink, claims);
  return { sessions, claims, work, diagnostics: sink.items };
}

/** Longest stretch of file reading before the event loop gets a turn. */
const sliceMs = 4;

/**
 * The same listing as readHealthInputs, but handing the event loop a turn every few milliseconds, so service
 * checks started before it run meanwhile and their response times are measured to within a slice, not inflated
 * by a scan of thousands of files. Holders' liveness comes from the sessions just read, not from reading each
 * holder's file again.
 */
export async function scanHealthInputs(ctx: CoordContext): Promise<HealthInputs> {
  const sink = new DiagnosticSink();
  const now = ctx.clock.now();
  let sliceStart = performance.now();
  const breathe = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };

  const sessions: SessionView[] = [];
  for (const name of listNames(ctx.layout.sessionsDir, sink, '.json')) {
    await breathe();
    const path = `${ctx.layout.sessionsDir}/${name}.json`;
    const r = readRecord(path, sessionSchema, 'session');
    if (!r.ok) {
      if (!r.missing) sink.add(path, r.reason);
      continue;
    }
    if (r.value.id !== name) {
      sink.add(path, `holds session ${JSON.stringify(r.value.id)} but is named ${name}.json`);
      continue;
    }
    sessions.push({
      session: r.value,
      state: livenessOf(r.value, now, ctx.config),
      heartbeatAgeMs: heartbeatAgeMs(r.value, now),
    });
  }
  const states = new Map<string, Liveness>(sessions.map((s) => [s.session.id, s.state]));

  const claims: ClaimView[] = [];
  for (const type of listNames(ctx.layout.claimsDir, sink, '', 'dir')) {
    const dir = ctx.layout.claimTypeDir(type);
    for (const name of listNames(dir, sink, '.json')) {
      await breathe();
      const path = `${dir}/${name}.json`;
      const r = readRecord(path, claimSchema, 'claim');
      if (!r.ok) {
        if (!r.missing) sink.add(path, r.reason);
        continue;
      }
      if (r.value.type !== type || r.value.name !== name) {
        sink.add(path, `holds claim ${r.value.type}/${r.value.name} but lives at ${type}/${name}.json`);
        continue;
      }
      claims.push(claimView(r.value, path, states.get(r.value.holder) ?? 'unknown', now));
    }
  }

  const items: WorkItem[] = [];
  for (const name of listNames(ctx.layout.workDir, sink, '.json')) {
    await breathe();
    const path = `${ctx.layout.workDir}/${name}.json`;
    const r = readRecord(path, workItemSchema, 'work');
    if (!r.ok) {
      if (!r.missing) sink.add(path, r.reason);
      continue;
    }
    if (r.value.id !== name) {
      sink.add(path, `holds work item ${JSON.stringify(r.value.id)} but is named ${name}.json`);
      continue;
    }
    items.push(r.value);
  }
  return { sessions, claims, work: buildWorkViews(items, claims), diagnostics: sink.items };
}
