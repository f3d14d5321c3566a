import type { GitRunner } from '../sync/gitRunner';

/**
 * The paths a commit being made would change, relative to the top of the working tree: added, modified and
 * deleted files, and both sides of a rename (`--no-renames` lists a rename as a deletion and an addition).
 * `indexFile` is the hook's GIT_INDEX_FILE: `git commit -a` and `git commit <paths>` commit a temporary index,
 * and the runner never passes an inherited GIT_* variable on by itself. Fixed argv only: no path or user string
 * ever reaches git as an argument.
 */
export async function stagedFiles(git: GitRunner, indexFile?: string): Promise<string[]> {
  const out = await git.run(
    // --no-relative: paths from the top even under `diff.relative`; -z: names as they are, never quoted.
    ['diff', '--cached', '--name-only', '-z', '--no-renames', '--no-relative', '--no-ext-diff', '--no-textconv'],
    indexFile ? { env: { GIT_INDEX_FILE: indexFile } } : {},
  );
  return [...new Set(out.split('\0').filter((p) => p !== ''))];
}
