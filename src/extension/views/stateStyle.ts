import * as vscode from 'vscode';
import { cleanText } from '../../core/store/cleanText';
import type { Liveness } from '../../core/sessions/liveness';
import type { Priority } from '../../core/records/message';
import type { WorkState } from '../../core/work/work';

/** Theme icons and theme colours only, so every state reads right in light, dark and high-contrast themes. */
export function livenessIcon(state: Liveness): vscode.ThemeIcon {
  switch (state) {
    case 'active':
      return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'stale':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'gone':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'ended':
      return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  }
}

export function priorityIcon(priority: Priority, read: boolean): vscode.ThemeIcon {
  const id = read ? 'mail-read' : 'mail';
  if (priority === 'critical') return new vscode.ThemeIcon(id, new vscode.ThemeColor('list.errorForeground'));
  if (priority === 'high') return new vscode.ThemeIcon(id, new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon(id);
}

export function workIcon(state: WorkState): vscode.ThemeIcon {
  switch (state) {
    case 'ready':
      return new vscode.ThemeIcon('circle-large-outline');
    case 'claimed':
      return new vscode.ThemeIcon('lock', new vscode.ThemeColor('charts.blue'));
    case 'blocked':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground'));
    case 'done':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
}

export function claimIcon(expired: boolean, own: boolean): vscode.ThemeIcon {
  if (expired) return new vscode.ThemeIcon('unlock', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon('lock', own ? new vscode.ThemeColor('charts.blue') : undefined);
}

/**
 * Text from files goes into tooltips as plain text only: MarkdownString.appendText escapes its markup, and
 * `cleanText` shows invisible and right-to-left characters as `\uXXXX`, as every front end does.
 */
export function plainTooltip(lines: [label: string, value: string | undefined][]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  for (const [label, value] of lines) {
    if (value === undefined || value === '') continue;
    md.appendMarkdown(`**${label}** `);
    md.appendText(cleanText(value));
    md.appendMarkdown('  \n');
  }
  return md;
}
