import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../store/atomicFile';
import { errnoCode, ioError } from '../store/errors';
import { findGitCheckout } from '../store/gitCheckout';
import { treeRelativePath } from '../store/layout';

export interface ExcludeResult {
  /** The exclude file, or undefined when the root is not in a git checkout. */
  file?: string;
  pattern?: string;
  added: boolean;
}

/**
 * Keeps `docs/coordination/` out of the user's own branches by listing it in the repository's
 * `info/exclude` — the per-clone ignore file, never committed — so the tree's churn never shows in
 * `git status` and nobody commits it by accident, while the tree itself travels on refs of its own. A
 * `.gitignore` entry would be a change to the user's branch that every clone must merge.
 */
export function ensureTreeExcluded(root: string): ExcludeResult {
  const checkout = findGitCheckout(root);
  if (!checkout) return { added: false };
  const fromTop = relative(checkout.topLevel, join(root, treeRelativePath)).split(sep).join('/');
  if (fromTop.startsWith('..')) return { added: false };
  const pattern = `/${fromTop}/`;
  const file = join(checkout.commonDir, 'info', 'exclude');
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw ioError('read', file, error);
  }
  if (current.split(/\r?\n/).some((line) => line.trim() === pattern)) return { file, pattern, added: false };
  mkdirSync(join(checkout.commonDir, 'info'), { recursive: true });
  const separator = current.length > 0 && !current.endsWith('\n') ? '\n' : '';
  writeFileAtomic(
    file,
    `${current}${separator}# Session Coordination: the tree travels on refs of its own (coord sync)\n${pattern}\n`,
  );
  return { file, pattern, added: true };
}
