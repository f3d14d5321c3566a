import * as vscode from 'vscode';
import { CoordError } from '../../core/store/errors';
import { windowRemedy } from '../remedyCommand';

/**
 * Registers a command whose failures become one clear notification — what happened and what to do — with a way
 * to the log, where the details go.
 */
export function registerCommand(
  log: vscode.LogOutputChannel,
  id: string,
  run: (...args: any[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (error) {
      reportError(log, id, error);
      return undefined;
    }
  });
}

export function reportError(log: vscode.LogOutputChannel, id: string, error: unknown): void {
  const known = error instanceof CoordError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const remedy = windowRemedy(error);
  if (known) log.warn(`${id}: ${message} (${remedy.text})`);
  else log.error(`${id}: ${error instanceof Error && error.stack ? error.stack : message}`);
  const text = `${message.charAt(0).toUpperCase()}${message.slice(1)}${known ? ` — ${remedy.text}` : ''}`;
  const show = known?.code === 'refused' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  // The log is offered anyway; a remedy that is the log (report-bug) needs no second button for it.
  const button = known && remedy.button?.id !== 'coordination.showLog' ? remedy.button : undefined;
  const choices = [...(button ? [button.title] : []), 'Show Log'];
  void show(text, ...choices).then((choice) => {
    if (choice === 'Show Log') log.show();
    else if (button && choice === button.title) void vscode.commands.executeCommand(button.id, ...(button.args ?? []));
  });
}
