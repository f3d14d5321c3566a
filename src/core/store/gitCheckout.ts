import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface GitCheckout {
  /** The working tree's top folder (the one holding `.git`). */
  topLevel: string;
  /** This checkout's git folder (`.git`, or `.git/worktrees/<name>` for a linked worktree). */
  gitDir: string;
  /** The folder shared by every worktree of the repository: objects, refs, info/exclude. */
  commonDir: string;
}

/**
 * Finds the git checkout holding `root` by reading files only — no git process, so commands that merely need to
 * know whether sync applies stay fast. Handles `.git` folders and the `.git` files of linked worktrees.
 */
export function findGitCheckout(root: string): GitCheckout | undefined {
  let dir = resolve(root);
  for (;;) {
    const dotGit = join(dir, '.git');
    const stat = statSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return { topLevel: dir, gitDir: dotGit, commonDir: commonDirOf(dotGit) };
    if (stat?.isFile()) {
      const gitDir = gitDirFromFile(dotGit);
      if (gitDir) return { topLevel: dir, gitDir, commonDir: commonDirOf(gitDir) };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function gitDirFromFile(file: string): string | undefined {
  try {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(file, 'utf8'));
    if (!match?.[1]) return undefined;
    return isAbsolute(match[1]) ? match[1] : resolve(dirname(file), match[1]);
  } catch {
    return undefined;
  }
}

function commonDirOf(gitDir: string): string {
  try {
    const relative = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    return isAbsolute(relative) ? relative : resolve(gitDir, relative);
  } catch {
    return gitDir;
  }
}
