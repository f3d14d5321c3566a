import * as vscode from 'vscode';
import { workClaimType } from '../../core/work/work';
import { syncEngine } from '../syncEngineLoader';
import type { CoordinationRoot } from '../coordinationRoot';
import { registerCommand } from './commandRunner';
import { requireRoot, requireSession, type CommandDeps } from './commandDeps';

export function registerWorkCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log } = deps;
  return [
    registerCommand(log, 'coordination.claimNext', async () => {
      const root = await requireRoot(deps, 'Claim Next Work Item');
      if (!root) return;
      // Through the operations layer, as `coord work next`: an item another computer won first is skipped.
      const answer = await syncEngine().claimNextWork(root.ctx, deps.syncSettings(root), requireSession(root));
      if (!answer) {
        void vscode.window.showInformationMessage('No ready work item: everything is done, claimed or blocked.');
        return;
      }
      const { view } = answer;
      root.refreshPaths([root.ctx.layout.claimFile(workClaimType, view.item.id)]);
      if (answer.confirmation?.confirmation === 'pending') {
        void vscode.window.showWarningMessage(
          `work/${view.item.id}: PENDING, not yet yours — ${answer.confirmation.reason}. The next sync confirms it or withdraws it (and tells you).`,
        );
      } else void vscode.window.showInformationMessage(`Claimed work/${view.item.id}: ${view.item.title}`);
    }),

    registerCommand(
      log,
      'coordination.completeWork',
      async (node?: { root: CoordinationRoot; view: { item: { id: string } } }) => {
        const root = await requireRoot(deps, 'Mark Work Done', node?.root);
        if (!root) return;
        const self = requireSession(root);
        let id = node?.view.item.id;
        if (!id) {
          const mine = (root.snapshot()?.work ?? []).filter((w) => w.holder === self);
          const picked = await vscode.window.showQuickPick(
            mine.map((w) => ({ label: w.item.title, description: w.item.id, id: w.item.id })),
            { title: 'Mark Work Done' },
          );
          id = picked?.id;
        }
        if (!id) return;
        await syncEngine().completeWork(root.ctx, deps.syncSettings(root), self, id);
        root.refreshPaths([root.ctx.layout.workFile(id), root.ctx.layout.claimFile(workClaimType, id)]);
        vscode.window.setStatusBarMessage(`$(pass) Done: ${id}`, 3000);
      },
    ),
  ];
}
