import type * as vscode from 'vscode';
import type { Finding } from '../../core/health/healthFindings';
import type { HealthLoopState } from '../../core/health/healthLoop';
import type { HealthFindingRow, HealthSection } from '../../dashboard/protocol';
import type { CoordinationRoot } from '../coordinationRoot';

/** Where the dashboard reads the health loop from (the extension's HealthLoops), so the panel needs no loop of its own. */
export interface DashboardHealthSource {
  sectionOf(root: CoordinationRoot): HealthSection | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

const maxRows = 200;

/** The page's view of a loop's state: plain rows, bounded, nothing the page does not show. */
export function healthSection(
  state: HealthLoopState | undefined,
  recent: readonly { at: number; finding: Finding }[],
): HealthSection | undefined {
  const latest = state?.latest;
  if (!latest) return undefined;
  const row = (f: Finding): HealthFindingRow => ({
    key: f.key,
    kind: f.kind,
    severity: f.severity,
    text: f.text,
    sessions: f.sessions,
  });
  return {
    round: latest.round,
    at: latest.at,
    runBy: state.role === 'following' ? 'another process' : 'this window',
    insights: latest.findings
      .filter((f) => f.category === 'insight')
      .slice(0, maxRows)
      .map(row),
    events: recent.slice(0, maxRows).map((e) => ({ ...row(e.finding), at: e.at })),
    milestones: {
      done: latest.milestones.done,
      total: latest.milestones.total,
      items: latest.milestones.milestones.slice(0, maxRows),
      problems: latest.milestones.problems.length,
    },
    services: {
      checked: latest.services.checked,
      ...(latest.services.reason ? { reason: latest.services.reason } : {}),
      configured: latest.services.configured,
      items: latest.services.results.slice(0, maxRows).map((r) => ({
        name: r.name,
        state: r.state,
        responseMs: r.responseMs,
        ...(r.detail ? { detail: r.detail } : {}),
        history: (latest.services.history[r.name] ?? []).map((h) => h.state),
      })),
    },
  };
}
