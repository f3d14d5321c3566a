import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSink, type Diagnostic } from '../store/diagnostics';
import { errnoCode } from '../store/errors';
import type { TreeLayout } from '../store/layout';
import { listNames, maxRecordBytes } from '../records/recordReader';

export interface ChecklistItem {
  text: string;
  done: boolean;
  line: number;
}

export interface Milestone {
  /** The file name without `.md`. */
  name: string;
  /** The first `# heading`, else the name. */
  title: string;
  path: string;
  done: number;
  total: number;
  items: ChecklistItem[];
}

export interface MilestoneProgress {
  milestones: Milestone[];
  done: number;
  total: number;
  /** Malformed checklist lines and unreadable files, each with its path (and line) and what to write instead. */
  problems: Diagnostic[];
}

const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\]\s+(\S.*)$/;
/** Meant as a checklist line: a list marker (or none), then brackets holding at most one mark (not `[WIP]`). */
const attempted = /^\s*(?:(?:[-*+]|\d{1,9}[.)])\s*)?\[\s*[xX✓✔vV*-]?\s*\](?:\s|$)/;
const fence = /^\s*(```|~~~)/;

/**
 * One milestone file: GitHub-style task list lines (`- [ ] text`, `- [x] text`, also `*`, `+` and `1.` markers)
 * count; lines inside code fences do not. A line that looks like a checklist item but is not one (`- [] x`,
 * `-[x] y`, `[ ] z`, `- [v] w`) is reported with its line number and not counted, so progress never silently lies.
 */
export function parseMilestone(
  name: string,
  path: string,
  text: string,
): { milestone: Milestone; problems: Diagnostic[] } {
  const items: ChecklistItem[] = [];
  const problems: Diagnostic[] = [];
  let title: string | undefined;
  let inFence = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (fence.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    if (title === undefined) {
      const heading = /^#\s+(.+?)\s*#*\s*$/.exec(raw);
      if (heading?.[1]) title = heading[1];
    }
    const match = item.exec(raw);
    if (match) {
      items.push({ text: (match[2] ?? '').trim(), done: match[1] !== ' ', line: lineNo });
      return;
    }
    if (attempted.test(raw)) {
      problems.push({
        path: `${path}:${lineNo}`,
        reason: `${JSON.stringify(raw.trim().slice(0, 80))} is not a checklist item; write "- [ ] what" or "- [x] what"`,
      });
    }
  });
  if (items.length === 0 && problems.length === 0) {
    problems.push({ path, reason: 'has no checklist items; add lines like "- [ ] what" (it counts as 0 of 0)' });
  }
  const done = items.filter((i) => i.done).length;
  return { milestone: { name, title: title ?? name, path, done, total: items.length, items }, problems };
}

/** Every `milestones/*.md`, with progress per milestone and overall. Bad files are reported, never fatal. */
export function readMilestones(layout: TreeLayout, sink: DiagnosticSink = new DiagnosticSink()): MilestoneProgress {
  const milestones: Milestone[] = [];
  const problems: Diagnostic[] = [];
  const listing = new DiagnosticSink();
  for (const name of listNames(layout.milestonesDir, listing, '.md')) {
    const path = join(layout.milestonesDir, `${name}.md`);
    const text = readMarkdown(path);
    if (typeof text !== 'string') {
      if (text.reason) problems.push({ path, reason: text.reason });
      continue;
    }
    const parsed = parseMilestone(name, path, text);
    milestones.push(parsed.milestone);
    problems.push(...parsed.problems);
  }
  problems.unshift(...listing.items);
  for (const p of problems) sink.add(p.path, p.reason);
  milestones.sort((a, b) => a.name.localeCompare(b.name));
  return {
    milestones,
    done: milestones.reduce((sum, m) => sum + m.done, 0),
    total: milestones.reduce((sum, m) => sum + m.total, 0),
    problems,
  };
}

function readMarkdown(path: string): string | { reason?: string } {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return { reason: 'is a symbolic link; links are never followed inside the tree' };
    if (!stat.isFile()) return { reason: 'is not a regular file' };
    if (stat.size > maxRecordBytes)
      return { reason: `is ${stat.size} bytes, over the ${maxRecordBytes}-byte limit for a tree file` };
    return readFileSync(path, 'utf8');
  } catch (error) {
    // Removed between the listing and the read: nothing to report.
    if (errnoCode(error) === 'ENOENT') return {};
    return { reason: `cannot be read (${errnoCode(error) ?? String(error)})` };
  }
}

export function percent(done: number, total: number): number {
  return total === 0 ? 0 : Math.round((done / total) * 100);
}
