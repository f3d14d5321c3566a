import { existsSync, mkdirSync } from 'node:fs';
import { createExclusive } from '../store/atomicFile';
import { toJson } from '../store/atomicFile';
import { ensureTreeExcluded } from '../sync/gitExclude';
import { TreeLayout } from '../store/layout';
import { protocolFileContent } from '../records/protocolConfig';
import { treeReadme } from './treeReadme';

export interface InitResult {
  dir: string;
  created: string[];
  /** The per-clone git exclude file that now lists the tree (in a git checkout). */
  excludedIn?: string;
}

/** Creates the tree; idempotent: files that exist are kept as they are, never overwritten. */
export function initTree(root: string): InitResult {
  const layout = new TreeLayout(root);
  const created: string[] = [];
  for (const dir of [
    layout.dir,
    layout.sessionsDir,
    layout.claimsDir,
    layout.messagesDir,
    layout.workDir,
    layout.milestonesDir,
    layout.reportsDir,
    layout.localDir,
  ]) {
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      created.push(dir);
    }
  }
  const files: [string, string][] = [
    [layout.protocolFile, toJson(protocolFileContent())],
    [layout.readmeFile, treeReadme],
    // .local/ holds this computer's read markers, locks and logs: never committed, never synced.
    [`${layout.dir}/.gitignore`, '.local/\n'],
  ];
  for (const [path, content] of files) {
    if (createExclusive(path, content)) created.push(path);
  }
  // The tree travels on refs of its own (sync); on the user's branches it is ignored, in every clone that runs init.
  const excluded = ensureTreeExcluded(root);
  return { dir: layout.dir, created, ...(excluded.file ? { excludedIn: excluded.file } : {}) };
}
