import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/store/diagnostics';
import {
  percent,
  readMilestones,
  type ChecklistItem,
  type Milestone,
  type MilestoneProgress,
} from '../../core/work/milestones';
import type { CoordinationSnapshot } from '../../core/views/treeCache';
import type { CoordinationRoot } from '../coordinationRoot';
import { SnapshotTreeProvider } from './snapshotTreeProvider';
import { plainTooltip } from './stateStyle';

export type MilestoneNode =
  | { kind: 'overall'; root: CoordinationRoot; progress: MilestoneProgress }
  | { kind: 'milestone'; root: CoordinationRoot; milestone: Milestone }
  | { kind: 'checklistItem'; root: CoordinationRoot; milestone: Milestone; item: ChecklistItem }
  | { kind: 'milestoneProblem'; root: CoordinationRoot; problem: Diagnostic };

/** Read again at most this often: a busy tree changes many times a second, milestone files seldom. */
const rereadAfterMs = 1000;

/**
 * Milestones from `milestones/*.md`: done / all per milestone and overall; expand for the checklist, click to open
 * the file at the line. Malformed checklist lines are listed with a warning, never hidden.
 */
export class MilestonesTreeProvider extends SnapshotTreeProvider<MilestoneNode> {
  private readonly cache = new Map<CoordinationRoot, { at: number; progress: MilestoneProgress }>();

  protected rootChildren(root: CoordinationRoot, _snapshot: CoordinationSnapshot): MilestoneNode[] {
    const progress = this.progressOf(root);
    if (progress.milestones.length === 0 && progress.problems.length === 0) return [];
    return [
      ...(progress.milestones.length > 1 ? [{ kind: 'overall' as const, root, progress }] : []),
      ...progress.milestones.map((milestone): MilestoneNode => ({ kind: 'milestone', root, milestone })),
      ...progress.problems.map((problem): MilestoneNode => ({ kind: 'milestoneProblem', root, problem })),
    ];
  }

  protected override childrenOf(element: MilestoneNode): MilestoneNode[] {
    if (element.kind !== 'milestone') return [];
    return element.milestone.items.map((item): MilestoneNode => ({
      kind: 'checklistItem',
      root: element.root,
      milestone: element.milestone,
      item,
    }));
  }

  private progressOf(root: CoordinationRoot): MilestoneProgress {
    const cached = this.cache.get(root);
    if (cached && Date.now() - cached.at < rereadAfterMs) return cached.progress;
    const progress = readMilestones(root.layout);
    this.cache.set(root, { at: Date.now(), progress });
    return progress;
  }

  protected itemFor(node: MilestoneNode): vscode.TreeItem {
    switch (node.kind) {
      case 'overall': {
        const { done, total } = node.progress;
        const item = new vscode.TreeItem('Overall');
        item.id = `${node.root.rootPath}#milestones:overall`;
        item.description = `${done}/${total} · ${percent(done, total)}%`;
        item.iconPath = new vscode.ThemeIcon('graph');
        return item;
      }
      case 'milestone': {
        const m = node.milestone;
        const complete = m.total > 0 && m.done === m.total;
        const item = new vscode.TreeItem(
          m.title,
          m.items.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `${node.root.rootPath}#milestone:${m.name}`;
        item.description = `${m.done}/${m.total} · ${percent(m.done, m.total)}%`;
        item.iconPath = complete
          ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
          : new vscode.ThemeIcon('milestone');
        item.tooltip = plainTooltip([
          ['Milestone:', m.title],
          ['File:', `milestones/${m.name}.md`],
          ['Progress:', `${m.done} of ${m.total} done`],
        ]);
        item.command = openAt(m.path, 1);
        item.contextValue = 'milestone';
        return item;
      }
      case 'checklistItem': {
        const item = new vscode.TreeItem(node.item.text);
        item.iconPath = new vscode.ThemeIcon(
          node.item.done ? 'check' : 'circle-large-outline',
          node.item.done ? new vscode.ThemeColor('testing.iconPassed') : undefined,
        );
        item.description = node.item.done ? 'done' : undefined;
        item.command = openAt(node.milestone.path, node.item.line);
        return item;
      }
      case 'milestoneProblem': {
        const [file, line] = splitLine(node.problem.path);
        const item = new vscode.TreeItem(
          `${file.slice(file.lastIndexOf('/milestones/') + 1)}${line ? `:${line}` : ''}`,
        );
        item.description = node.problem.reason;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = plainTooltip([
          ['File:', node.problem.path],
          ['Problem:', node.problem.reason],
        ]);
        item.command = openAt(file, line ?? 1);
        return item;
      }
    }
  }
}

function splitLine(path: string): [string, number | undefined] {
  const match = /^(.*\.md):(\d+)$/.exec(path);
  return match?.[1] && match[2] ? [match[1], Number(match[2])] : [path, undefined];
}

function openAt(path: string, line: number): vscode.Command {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.file(path), { selection: new vscode.Range(position, position), preview: true }],
  };
}
