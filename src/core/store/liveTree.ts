import { statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { findGitCheckout } from './gitCheckout';

export const treeRelativePath = join('docs', 'coordination');

/**
 * Where the live tree of `root` is. Every worktree of one repository shares one tree, so that the claim file's
 * exclusive create and compare-and-swap are the single authority on this computer and sessions in different
 * worktrees see each other at once, with no git process and no sync. The main worktree's `docs/coordination`
 * is that tree (a linked worktree at `<wt>/<sub>` uses `<main>/<sub>/docs/coordination`). A repository with no
 * main worktree (a bare repository with linked worktrees) keeps it in its common git folder instead.
 */
export function liveTreeDir(root: string): string {
  const own = join(root, treeRelativePath);
  const checkout = findGitCheckout(root);
  if (!checkout || checkout.gitDir === checkout.commonDir) return own;
  const sub = relative(checkout.topLevel, root);
  const main = mainWorktreeOf(checkout.commonDir);
  if (main !== undefined) return join(main, sub, treeRelativePath);
  return join(checkout.commonDir, 'coordination', ...(sub === '' ? [] : sub.split(sep)));
}

/** The folder of the worktree `git init`/`git clone` made, when the common git folder is its `.git` folder. */
function mainWorktreeOf(commonDir: string): string | undefined {
  if (basename(commonDir) !== '.git') return undefined;
  const top = dirname(commonDir);
  return statSync(join(top, '.git'), { throwIfNoEntry: false })?.isDirectory() ? top : undefined;
}

/** The tree folder a linked worktree had of its own before worktrees shared one (merged once, see legacyTreeMerge). */
export function ownTreeDir(root: string): string {
  return join(root, treeRelativePath);
}
