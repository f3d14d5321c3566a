import type * as vscode from 'vscode';
import { cleanText } from '../../core/store/cleanText';

/**
 * A tree item's label and description as the views show them: through the one cleaning every front end uses,
 * so a right-to-left override or a zero-width character in a name, subject or glob shows as `\u202E`, not as a
 * disguise. Done here, where every view's items pass, rather than in each view. Tooltips are cleaned where they
 * are built (`plainTooltip`). A label's highlights would point into the text before cleaning, so they are dropped.
 */
export function shownTreeItem(item: vscode.TreeItem): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = cleanText(item.label);
  else if (item.label) item.label = { label: cleanText(item.label.label) };
  if (typeof item.description === 'string') item.description = cleanText(item.description);
  return item;
}
