import * as vscode from 'vscode';

export const inboxItemScheme = 'coordination-inbox';

/**
 * Unread messages are marked the way editors mark changed files: a coloured label and a dot badge, through a
 * decoration on the tree item's resource. (A label highlight would read as a search match.)
 */
export class UnreadDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== inboxItemScheme || uri.query !== 'unread') return undefined;
    return { badge: '●', tooltip: 'Unread', color: new vscode.ThemeColor('textLink.foreground'), propagate: false };
  }

  static uriFor(messageId: string, unread: boolean): vscode.Uri {
    return vscode.Uri.from({ scheme: inboxItemScheme, path: `/${messageId}`, query: unread ? 'unread' : 'read' });
  }
}
