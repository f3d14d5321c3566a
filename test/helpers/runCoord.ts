import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The built CLI bundle; `npm test` builds it before the suites run. */
export const cliPath = resolve(__dirname, '../../../dist/cli.js');

export interface CoordRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when --json was passed. */
  json?: any;
}

export interface RunOptions {
  cwd: string;
  session?: string;
  env?: Record<string, string>;
  input?: string;
}

function envFor(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.COORD_SESSION;
  delete env.COORD_ROOT;
  if (options.session) env.COORD_SESSION = options.session;
  return env;
}

function finish(code: number | null, stdout: string, stderr: string, args: string[]): CoordRun {
  const run: CoordRun = { code: code ?? -1, stdout, stderr };
  // As coord reads it: a `--json` after `--` is a word of the command.
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.includes('--json') && stdout.trim()) run.json = JSON.parse(stdout);
  return run;
}

/** Runs `coord` as a real process and waits for it. */
export function coordSync(args: string[], options: RunOptions): CoordRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env: envFor(options),
    encoding: 'utf8',
    input: options.input ?? '',
  });
  return finish(result.status, result.stdout, result.stderr, args);
}

/** Runs `coord` as a real process without blocking, so many can race. */
export function coord(args: string[], options: RunOptions): Promise<CoordRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: envFor(options),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(finish(code, stdout, stderr, args)));
    child.stdin.end(options.input ?? '');
  });
}

/** Starts a session through the CLI and returns its id. */
export function startSessionCli(cwd: string, name: string, extra: string[] = []): string {
  const run = coordSync(['start', '--name', name, '--json', ...extra], { cwd });
  if (run.code !== 0) throw new Error(`coord start failed: ${run.stdout}${run.stderr}`);
  return run.json.session.id as string;
}
