import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { relative } from 'node:path';
import { initTree } from '../../core/operations/init';
import { heartbeat } from '../../core/claims/sessionLifecycle';
import { syncEngine } from '../syncEngineLoader';
import { startSession } from '../../core/sessions/sessions';
import type { Heartbeat } from '../../core/records/session';
import type { CoordinationRoot } from '../coordinationRoot';
import { askProgress, askText } from '../inputs';
import { readSettings } from '../settings';
import { registerCommand } from './commandRunner';
import { requireRoot, requireSession, type CommandDeps } from './commandDeps';

export function registerSessionCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log, workspace } = deps;
  return [
    registerCommand(log, 'coordination.initialize', async () => {
      const candidates = workspace.all().filter((r) => !r.hasTree());
      if (workspace.all().length === 0) throw new Error('open a folder first: the tree lives in a workspace folder');
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage('Every folder of this workspace already has a coordination tree.');
        return;
      }
      const root = await workspace.pickRoot('Initialize', candidates);
      if (!root) return;
      const result = initTree(root.rootPath);
      log.info(`Initialized ${result.dir} (${result.created.length} created)`);
      workspace.rebuild();
      void vscode.window
        .showInformationMessage(`Coordination initialized in ${root.label}.`, 'Register This Window as a Session')
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('coordination.registerSession');
        });
      return result.dir;
    }),

    registerCommand(log, 'coordination.registerSession', async (arg?: { name?: string; role?: string }) => {
      const root = await requireRoot(deps, 'Register Session');
      if (!root) return;
      if (root.sessionId) {
        void vscode.window.showInformationMessage(`This window is already session ${root.sessionId} in ${root.label}.`);
        return root.sessionId;
      }
      const settings = readSettings(root.folder.uri);
      const role = arg?.role ?? settings.sessionRole;
      const name =
        arg?.name ??
        (settings.sessionName ||
          (await askText('Register Session', 'Your session name (others see it)', {
            value: defaultName(),
            maxLength: 100,
          })));
      if (name === undefined) return;
      const session = startSession(root.ctx, { name, kind: 'human', ...(role ? { role } : {}) });
      log.info(`Registered session ${session.id} in ${root.rootPath}`);
      await root.setSessionId(session.id);
      root.refreshPaths([root.ctx.layout.sessionFile(session.id)]);
      deps.sessionsChanged();
      void vscode.window.showInformationMessage(
        `This window is now session ${session.id}. Agents in terminals can message it with \`coord send ${session.id} …\`.`,
      );
      return session.id;
    }),

    registerCommand(log, 'coordination.endSession', async () => {
      const root = await requireRoot(deps, 'End Session');
      if (!root) return;
      const id = requireSession(root);
      // Through the operations layer, as `coord stop`: the released claims' refs go from the remote now.
      const result = await syncEngine().stopSession(root.ctx, deps.syncSettings(root), id);
      log.info(`Ended session ${id}; released ${result.released.length} claim(s)`);
      await root.setSessionId(undefined);
      root.refreshPaths([
        root.ctx.layout.sessionFile(id),
        ...result.released.map((c) => root.ctx.layout.claimFile(c.type, c.name)),
      ]);
      deps.sessionsChanged();
      void vscode.window.showInformationMessage(
        `Session ${id} ended${result.released.length ? `; released ${result.released.length} claim(s)` : ''}.`,
      );
    }),

    registerCommand(log, 'coordination.heartbeat', async (arg?: Heartbeat | { kind: string }) => {
      const root = await requireRoot(deps, 'Send Heartbeat');
      if (!root) return;
      const id = requireSession(root);
      if (arg && !('kind' in arg)) return beat(root, id, arg);
      const action = await askText('Send Heartbeat (1/4)', 'What are you doing? (optional, e.g. reviewing)', {
        optional: true,
      });
      if (action === undefined) return;
      const target = await askText('Send Heartbeat (2/4)', 'On what? (optional)', {
        optional: true,
        value: activeFileTarget(root.rootPath),
        maxLength: 400,
      });
      if (target === undefined) return;
      const phase = await askText('Send Heartbeat (3/4)', 'Phase (optional, e.g. design, implement, test)', {
        optional: true,
        maxLength: 100,
      });
      if (phase === undefined) return;
      const progress = await askProgress('Send Heartbeat (4/4)');
      if (progress === null) return;
      beat(root, id, {
        ...(action ? { action } : {}),
        ...(target ? { target } : {}),
        ...(phase ? { phase } : {}),
        ...(progress !== undefined ? { progress } : {}),
      });
    }),

    registerCommand(log, 'coordination.heartbeatNow', async () => {
      const root = await requireRoot(deps, 'Heartbeat Now');
      if (!root) return;
      const id = requireSession(root);
      const target = activeFileTarget(root.rootPath);
      beat(root, id, target ? { action: 'editing', target } : {});
    }),
  ];
}

function beat(root: CoordinationRoot, id: string, fields: Heartbeat): void {
  const result = heartbeat(root.ctx, id, fields);
  root.refreshPaths([
    root.ctx.layout.sessionFile(id),
    ...result.renewed.map((c) => root.ctx.layout.claimFile(c.type, c.name)),
  ]);
  vscode.window.setStatusBarMessage(
    `$(pulse) Heartbeat sent${result.renewed.length ? `; renewed ${result.renewed.length} claim(s)` : ''}`,
    3000,
  );
}

function defaultName(): string {
  try {
    return userInfo().username || 'me';
  } catch {
    return 'me';
  }
}

/** The active editor's file relative to the root, as a heartbeat target; empty when it lies outside. */
export function activeFileTarget(rootPath: string): string {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') return '';
  const rel = relative(rootPath, uri.fsPath);
  return rel.startsWith('..') ? '' : rel.split('\\').join('/');
}
