import * as vscode from 'vscode';
import type { CoordinationWorkspace } from './coordinationWorkspace';

/**
 * Keeps the `when`-clause keys of the welcome views and menus in step with the roots:
 * `coordination.hasTree`, `coordination.hasSession` and `coordination.multiRoot`.
 */
export class ContextKeys implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private last = '';

  constructor(private readonly workspace: CoordinationWorkspace) {
    this.subscription = workspace.onDidChange(() => this.update());
  }

  update(): void {
    const withTree = this.workspace.withTree();
    const values = {
      'coordination.hasTree': withTree.length > 0,
      'coordination.hasSession': withTree.some((r) => r.sessionId !== undefined),
      'coordination.multiRoot': withTree.length > 1,
    };
    const key = JSON.stringify(values);
    if (key === this.last) return;
    this.last = key;
    for (const [name, value] of Object.entries(values)) void vscode.commands.executeCommand('setContext', name, value);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
