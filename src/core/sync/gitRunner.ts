import type { SimpleGit, SimpleGitOptions } from 'simple-git';

/** A git process that ran and failed: its exit code and both outputs, so callers can tell a rejection from an outage. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed (exit ${exitCode}): ${firstLine(stderr) || firstLine(stdout) || 'no output'}`);
    this.name = 'GitCommandError';
  }
}

/** git could not be started at all (not installed, not on PATH) or was killed by the time limit. */
export class GitUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitUnavailableError';
  }
}

export interface GitRunOptions {
  /** Written to the process's standard input. */
  input?: string;
  /** Extra variables for this process only (e.g. GIT_INDEX_FILE); every one must be in `allowedEnvironment`. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The variables we set ourselves. simple-git strips every other GIT_* variable inherited from the environment
 * (a hook's GIT_DIR would otherwise point our plumbing at another repository) and refuses unlisted ones we pass.
 */
const allowedEnvironment = [
  'GIT_INDEX_FILE',
  'GIT_TERMINAL_PROMPT',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
];

/** Keys simple-git guards besides GIT_*: passing them through would make it refuse the task. */
const guardedPlainKeys = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);

/**
 * Runs git through simple-git with argument arrays only. simple-git is loaded on first use, so commands of the
 * CLI that never touch git do not pay for loading it. Every call sets LC_ALL=C (messages we classify are
 * English), never prompts for credentials, and fails on any non-zero exit with both outputs kept.
 */
export class GitRunner {
  constructor(
    readonly cwd: string,
    private readonly defaultTimeoutMs = 120_000,
  ) {}

  async run(args: string[], options: GitRunOptions = {}): Promise<string> {
    const { git, failure } = this.instance(args, options);
    try {
      return await git.raw(args);
    } catch (error) {
      throw failure() ?? unavailable(error, args, options.timeoutMs ?? this.defaultTimeoutMs);
    }
  }

  /** `git cat-file --batch` with `input` on stdin, as bytes (sizes in its headers count bytes, not characters). */
  async catFileBatch(input: string, options: GitRunOptions = {}): Promise<Buffer> {
    const args = ['cat-file', '--batch'];
    const { git, failure } = this.instance(args, { ...options, input });
    try {
      return await git.binaryCatFile(['--batch']);
    } catch (error) {
      throw failure() ?? unavailable(error, args, options.timeoutMs ?? this.defaultTimeoutMs);
    }
  }

  /**
   * A simple-git instance for one call. simple-git wraps whatever the errors hook returns into its own error
   * with only a message, so the hook keeps the failure (exit code, stdout, stderr) here for the caller.
   */
  private instance(args: string[], options: GitRunOptions): { git: SimpleGit; failure(): GitCommandError | undefined } {
    const { simpleGit } = loadSimpleGit();
    let failed: GitCommandError | undefined;
    const config: Partial<SimpleGitOptions> = {
      baseDir: this.cwd,
      allowEnvironment: allowedEnvironment,
      timeout: { block: options.timeoutMs ?? this.defaultTimeoutMs },
      // Done when the process closes its output. The default also arms a 50 ms timer on exit, which keeps a
      // short CLI (coord claim) alive 50 ms after its last git call.
      completion: { onClose: true, onExit: false },
      // simple-git resolves a failed exit with empty stderr as success; we want every failure, with its output.
      errors: (error, result) => {
        if (typeof result.exitCode !== 'number' || result.exitCode <= 0) return error;
        failed = new GitCommandError(
          args,
          result.exitCode,
          Buffer.concat(result.stdOut).toString('utf8'),
          Buffer.concat(result.stdErr).toString('utf8'),
        );
        return failed;
      },
      ...(options.input !== undefined ? { input: () => options.input } : {}),
    };
    const git = simpleGit(config);
    git.env({ ...ambientEnvironment(), LC_ALL: 'C', LANGUAGE: '', GIT_TERMINAL_PROMPT: '0', ...options.env });
    return { git, failure: () => failed };
  }
}

function unavailable(error: unknown, args: string[], timeoutMs: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message))
    return new GitUnavailableError(`git ${args[0]} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`);
  if (/ENOENT|spawn/i.test(message))
    return new GitUnavailableError(`git could not be started (${firstLine(message)}); install git and put it on PATH`);
  return new GitCommandError(args, -1, '', message);
}

let simpleGitModule: typeof import('simple-git') | undefined;

function loadSimpleGit(): typeof import('simple-git') {
  // A lazy require: esbuild keeps the module's body unevaluated in dist/cli.js until sync first needs it.
  simpleGitModule ??= require('simple-git') as typeof import('simple-git');
  return simpleGitModule;
}

let ambient: Record<string, string> | undefined;

function ambientEnvironment(): Record<string, string> {
  if (!ambient) {
    ambient = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value === undefined) continue;
      const lower = key.toLowerCase();
      if (lower.startsWith('git_') || guardedPlainKeys.has(lower)) continue;
      ambient[key] = value;
    }
  }
  return ambient;
}

export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}
