import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentHome, AgentWorkspace } from './agentWorkspace';

/** What this suite uses of scripts/agents/installAgents.mjs (plain ESM, not compiled). */
interface InstallAgents {
  agentPaths(kind: string): { dir: string; bin: string; version: string; installed: boolean };
}

const installScript = resolve(__dirname, '../../../../scripts/agents/installAgents.mjs');

/**
 * Where an agent's program is. Fails, never skips, when it is not installed: `npm run test:agents` installs the
 * agents first (scripts/agents/runAgentTests.mjs), so a missing one is a broken setup to be seen.
 */
export async function agentBin(kind: 'claude' | 'codex' | 'gemini'): Promise<string> {
  const { agentPaths } = (await import(pathToFileURL(installScript).href)) as InstallAgents;
  const paths = agentPaths(kind);
  if (!paths.installed || !existsSync(paths.bin)) {
    throw new Error(
      `${kind} ${paths.version} is not installed at ${paths.bin}: run node scripts/agents/installAgents.mjs ${kind}`,
    );
  }
  return paths.bin;
}

/** The API key the agents get: any text does for the scripted model. */
export const fakeApiKey = 'sk-ant-scripted-model-0123456789abcdefghij';

/**
 * The whole environment Claude Code runs with — nothing inherited from the test's own but PATH's tail and the
 * locale: its state in the agent's own folders, its model on loopback, and every kind of nonessential traffic off,
 * so it connects to 127.0.0.1 only (shared/docs/real-agents.md).
 */
export function claudeEnv(
  ws: AgentWorkspace,
  home: AgentHome,
  baseUrl: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: ws.path(),
    HOME: home.home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    CLAUDE_CONFIG_DIR: home.claudeConfig,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: fakeApiKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    // As root (CI), Claude Code refuses --dangerously-skip-permissions unless told it runs in a sandbox.
    ...(process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}),
    ...extra,
  };
}

export interface ClaudeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout's stream-json events. */
  events: any[];
  ms: number;
}

export interface ClaudePrintOptions {
  ws: AgentWorkspace;
  /** The worktree it works in. */
  cwd: string;
  home: AgentHome;
  baseUrl: string;
  prompt: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Kills the agents still running (a test that failed half-way leaves them waiting); they are this suite's own. */
export async function killClaudeAgents(): Promise<void> {
  const exits = [...running].map((child) => new Promise((resolve) => child.once('close', resolve)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
}

/** Runs `claude -p` (print mode) to the end of its turn and returns what it printed. */
export async function runClaudePrint(options: ClaudePrintOptions): Promise<ClaudeRun> {
  const bin = await agentBin('claude');
  const args = ['-p', options.prompt, '--dangerously-skip-permissions', '--output-format', 'stream-json', '--verbose'];
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: claudeEnv(options.ws, options.home, options.baseUrl, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `claude -p did not finish in ${options.timeoutMs ?? 90_000} ms in ${options.cwd}\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 90_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      const events = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return { unparsed: l };
          }
        });
      resolvePromise({ code, signal, stdout, stderr, events, ms: Date.now() - started });
    });
  });
}
