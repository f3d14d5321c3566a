import { chmodSync, lstatSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../store/atomicFile';
import { errnoCode, ioError, refused } from '../store/errors';
import type { GitRunner } from '../sync/gitRunner';
import { hasMarkedBlock, upsertMarkedBlock, type MarkedBlock } from './markedBlock';

/** How the hook reaches the coord that installed it. */
export interface CoordInvocation {
  /** Absolute path of the node binary (process.execPath). */
  node: string;
  /** Absolute path of coord's entry script (dist/cli.js). */
  cli: string;
  /**
   * Where the tree's root is, relative to the top of the working tree, when it is not the top itself (a tree in a
   * subfolder): git runs hooks at the top, where coord would not find it. The same in every worktree.
   */
  rootFromTop?: string;
}

export type GuardHookAction = 'created' | 'updated' | 'unchanged' | 'added to existing hook';

export interface GuardHookResult {
  file: string;
  action: GuardHookAction;
}

/**
 * The lines of the pre-commit hook. They call the installing coord by absolute path first — a commit from a GUI
 * (VS Code's git) runs with a short PATH that often lacks `coord`, or even `node` — and fall back to `coord` on PATH
 * when that path is gone (node upgraded, checkout moved). Without either the commit goes through with a warning:
 * a broken tool must not stop people committing. `|| exit $?` keeps the block safe inside a `set -e` script.
 */
export function guardHookBlock(invocation: CoordInvocation): MarkedBlock {
  const args = invocation.rootFromTop ? ` --root ${shellQuote(invocation.rootFromTop)}` : '';
  return {
    begin:
      '# coord:guard:begin — installed by `coord init --guard`: refuses a commit touching files another live session claimed (git config coord.guard refuse|warn|off)',
    end: '# coord:guard:end',
    body: [
      `coord_node=${shellQuote(invocation.node)}`,
      `coord_cli=${shellQuote(invocation.cli)}`,
      'if [ -x "$coord_node" ] && [ -f "$coord_cli" ]; then',
      `  "$coord_node" "$coord_cli" guard${args} || exit $?`,
      'elif command -v coord >/dev/null 2>&1; then',
      `  coord guard${args} || exit $?`,
      'else',
      '  echo "coord guard: $coord_cli and coord on PATH are both missing; this commit was not checked against claims (run coord init --guard again)" >&2',
      'fi',
    ].join('\n'),
  };
}

const shellShebang = /^#!\s*(\/usr\/bin\/env\s+)?(\/(usr\/)?bin\/)?(sh|bash|dash|zsh|ksh)\b/;

/**
 * Installs the guard as the repository's pre-commit hook, wherever git runs hooks from (`core.hooksPath`
 * respected, the common hooks folder shared by every worktree). Idempotent: the marked block is replaced in place.
 * An existing shell hook gets the block after its `#!` line and keeps everything else; any other hook is refused
 * with what to add by hand, so a hook manager's file is never rewritten behind its back.
 */
export async function installGuardHook(git: GitRunner, invocation: CoordInvocation): Promise<GuardHookResult> {
  const file = resolve(git.cwd, (await git.run(['rev-parse', '--git-path', 'hooks/pre-commit'])).trim());
  const block = guardHookBlock(invocation);
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (stat === undefined) {
    writeFileAtomic(file, `#!/bin/sh\n${block.begin}\n${block.body}\n${block.end}\n`);
    chmodSync(file, 0o755);
    return { file, action: 'created' };
  }
  const byHand = `add these lines to it yourself (or to your hook manager's pre-commit step):\n${block.body}`;
  if (!stat.isFile())
    throw refused(
      `${file} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; a hook another tool manages is not rewritten`,
      byHand,
      { file },
      { action: 'edit-file', path: file },
    );
  let current: string;
  try {
    current = readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return installGuardHook(git, invocation);
    throw ioError('read', file, error);
  }
  const ours = hasMarkedBlock(current, block);
  if (!ours && !shellShebang.test(current.split('\n')[0] ?? '')) {
    throw refused(
      `${file} already exists and is not a shell script the guard can be added to`,
      byHand,
      { file },
      { action: 'edit-file', path: file },
    );
  }
  const next = upsertMarkedBlock(current, block, { insert: 'after-first-line' }, file);
  if (next === current && (stat.mode & 0o111) !== 0) return { file, action: 'unchanged' };
  writeFileAtomic(file, next);
  // The rename made a new file: keep the old one's permissions, and make sure git may run it.
  const mode = stat.mode & 0o7777;
  chmodSync(file, mode | ((mode & 0o444) >> 2));
  return { file, action: ours ? 'updated' : 'added to existing hook' };
}

/** One POSIX shell word for `text`, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
