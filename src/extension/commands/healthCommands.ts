import * as vscode from 'vscode';
import { CoordError } from '../../core/store/errors';
import { runHealthRoundNow } from '../../core/health/healthLoop';
import { healthSummary } from '../../core/health/healthSummary';
import { isAlive } from '../../core/sessions/liveness';
import { workClaimType } from '../../core/work/work';
import { assignWork } from '../../core/work/workAssignment';
import type { CoordinationRoot } from '../coordinationRoot';
import type { HealthLoops } from '../healthLoops';
import { mayRunProcessesAndNetwork } from '../trust';
import { registerCommand } from './commandRunner';
import { requireRoot, requireSession, type CommandDeps } from './commandDeps';

export function registerHealthCommands(deps: CommandDeps, health: HealthLoops): vscode.Disposable[] {
  const { log } = deps;
  return [
    registerCommand(log, 'coordination.runHealthCheck', async (arg?: { root?: CoordinationRoot }) => {
      const root = await requireRoot(deps, 'Run Health Check', arg?.root);
      if (!root) return undefined;
      const state = await health.runNow(root);
      const latest = state?.latest;
      if (latest)
        vscode.window.setStatusBarMessage(
          `$(heart) ${state.role === 'following' ? 'Health (another window runs the loop): ' : 'Health: '}${healthSummary(latest)}`,
          5000,
        );
      return latest;
    }),

    registerCommand(log, 'coordination.writeReport', async (arg?: { root?: CoordinationRoot; open?: boolean }) => {
      const root = await requireRoot(deps, 'Write Health Report', arg?.root);
      if (!root) return undefined;
      const { result } = await runHealthRoundNow(root.ctx, { trusted: mayRunProcessesAndNetwork(), report: 'always' });
      if (!result.report)
        throw new CoordError(
          'io',
          `could not write the report: ${result.diagnostics.at(-1)?.reason ?? 'unknown reason'}`,
          'check that reports/ in the tree is a writable folder',
        );
      if (arg?.open !== false) await vscode.window.showTextDocument(vscode.Uri.file(result.report), { preview: true });
      return result.report;
    }),

    registerCommand(
      log,
      'coordination.assignWork',
      async (arg?: { root: CoordinationRoot; view: { item: { id: string; title: string } }; assignee?: string }) => {
        const root = await requireRoot(deps, 'Assign Work Item', arg?.root);
        if (!root) return undefined;
        const self = requireSession(root);
        const snapshot = root.snapshot();
        let id = arg?.view.item.id;
        if (!id) {
          const open = (snapshot?.work ?? []).filter((w) => w.state === 'ready' || w.state === 'blocked');
          const picked = await vscode.window.showQuickPick(
            open.map((w) => ({
              label: w.item.title,
              description: `P${w.item.priority} · ${w.item.id}`,
              id: w.item.id,
            })),
            { title: 'Assign Work Item' },
          );
          id = picked?.id;
        }
        if (!id) return undefined;
        let assignee = arg?.assignee;
        if (!assignee) {
          const live = (snapshot?.sessions ?? []).filter((s) => isAlive(s.state));
          const picked = await vscode.window.showQuickPick(
            live.map((s) => ({
              label: s.session.id === self ? `${s.session.name} (you)` : s.session.name,
              description: [s.session.role, s.session.id].filter((x) => x).join(' · '),
              id: s.session.id,
            })),
            { title: `Assign ${id} to…`, placeHolder: 'A live session; it is told by message' },
          );
          assignee = picked?.id;
        }
        if (!assignee) return undefined;
        const result = assignWork(root.ctx, self, id, assignee);
        root.refreshPaths([root.ctx.layout.workFile(id), root.ctx.layout.claimFile(workClaimType, id)]);
        vscode.window.setStatusBarMessage(`$(account) Assigned ${id} to ${assignee}`, 3000);
        return result.item;
      },
    ),
  ];
}
