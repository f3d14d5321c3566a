import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { usageError } from './errors';
import { liveTreeDir } from './liveTree';

/**
 * The folder that holds `docs/coordination`: the explicit one, else the nearest ancestor of `cwd` holding the
 * tree, else the nearest ancestor that is a git checkout (a `.git` folder, or a `.git` file in a worktree),
 * else `cwd` itself.
 */
export function findRoot(cwd: string, explicit?: string): string {
  if (explicit !== undefined && explicit !== '') {
    const root = resolve(cwd, explicit);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw usageError(`the root ${JSON.stringify(explicit)} is not a folder`, undefined, {
        action: 'choose-existing',
        kind: 'folder',
      });
    }
    return root;
  }
  const start = resolve(cwd);
  // In a linked worktree the tree is the repository's shared one, so it is looked for where it really is.
  const withTree = nearestAncestor(start, (dir) => existsSync(liveTreeDir(dir)));
  if (withTree) return withTree;
  return nearestAncestor(start, (dir) => existsSync(join(dir, '.git'))) ?? start;
}

function nearestAncestor(start: string, test: (dir: string) => boolean): string | undefined {
  let dir = start;
  for (;;) {
    if (test(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
