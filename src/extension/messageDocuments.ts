import * as vscode from 'vscode';
import { formatMessageText } from '../core/messages/messageText';
import { readMessage } from '../core/messages/messages';
import type { CoordinationWorkspace } from './coordinationWorkspace';

export const messageScheme = 'coordination-message';

/** Read-only documents for messages: `coordination-message:/<message-id>.txt?root=<root path>`. */
export class MessageDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly workspace: CoordinationWorkspace) {}

  static uriFor(rootPath: string, messageId: string, subject: string): vscode.Uri {
    const title =
      subject
        .replace(/[^\p{L}\p{N} _.-]/gu, '')
        .trim()
        .slice(0, 60) || 'message';
    return vscode.Uri.from({
      scheme: messageScheme,
      path: `/${title}`,
      query: new URLSearchParams({ root: rootPath, id: messageId }).toString(),
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const params = new URLSearchParams(uri.query);
    const root = this.workspace.all().find((r) => r.rootPath === params.get('root'));
    const id = params.get('id') ?? '';
    if (!root?.sessionId) return 'This message belongs to a session this window no longer has.';
    // readMessage also marks it read: opening is reading.
    const message = readMessage(root.ctx, root.sessionId, id);
    root.refreshPaths([`${root.ctx.layout.readMarkersDir(root.sessionId)}/${id}`]);
    return formatMessageText(message);
  }
}
