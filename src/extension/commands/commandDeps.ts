import type * as vscode from 'vscode';
import { refused } from '../../core/store/errors';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';
import type { SyncSettings } from '../../core/sync/syncSettings';

export interface CommandDeps {
  workspace: CoordinationWorkspace;
  log: vscode.LogOutputChannel;
  /** Called after this window registered or ended a session, so the loops follow. */
  sessionsChanged(): void;
  /** The root's sync settings for the operations layer (disabled where this window may not run git). */
  syncSettings(root: CoordinationRoot): SyncSettings;
}

/** The root a command acts on, loaded; refuses with what to do when the workspace has no tree. */
export async function requireRoot(
  deps: CommandDeps,
  purpose: string,
  given?: CoordinationRoot,
): Promise<CoordinationRoot | undefined> {
  const candidates = deps.workspace.withTree();
  if (candidates.length === 0)
    throw refused('this workspace has no coordination tree', 'run "Coordination: Initialize" first', undefined, {
      action: 'init-tree',
    });
  const root = given ?? (await deps.workspace.pickRoot(purpose, candidates));
  if (root) await root.ensureLoaded();
  return root;
}

/** This window's session in the root; refuses with what to do when there is none. */
export function requireSession(root: CoordinationRoot): string {
  const id = root.sessionId;
  if (!id)
    throw refused(
      `this window has no session in ${root.label}`,
      'run "Coordination: Register Session" first',
      undefined,
      { action: 'register-session' },
    );
  return id;
}
