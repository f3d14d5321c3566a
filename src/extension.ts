import * as vscode from 'vscode';

/** Composition root: creates the log first, then wires the parts. Registration only — no file is read here. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Coordination', { log: true });
  context.subscriptions.push(log);
  log.info('Session Coordination activated');
}

export function deactivate(): void {}
