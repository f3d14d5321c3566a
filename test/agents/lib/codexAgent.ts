import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentHome, AgentWorkspace } from './agentWorkspace';
import { agentBin } from './claudeAgent';

/** The variable Codex reads the scripted model's key from (`env_key` of the provider). */
const keyVariable = 'CODEX_SCRIPTED_KEY';

/**
 * The user's part of `$CODEX_HOME/config.toml` before `coord init --agents codex` adds its own: the scripted model as
 * the provider, no retries (a failure shows at once), and nothing that would reach beyond loopback (plugins look up
 * a public host even with updates off; shared/docs/real-agents.md).
 */
export function writeCodexUserConfig(home: AgentHome, baseUrl: string): void {
  writeFileSync(
    join(home.codexHome, 'config.toml'),
    [
      'model = "gpt-5"',
      'model_provider = "scripted"',
      '',
      '[model_providers.scripted]',
      'name = "scripted"',
      `base_url = "${baseUrl}/v1"`,
      `env_key = "${keyVariable}"`,
      'wire_api = "responses"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '',
      '[features]',
      'plugins = false',
      '',
      '[analytics]',
      'enabled = false',
      '',
    ].join('\n'),
  );
}

/** Codex's whole environment: its state in the agent's own folders, its model on loopback. */
export function codexEnv(ws: AgentWorkspace, home: AgentHome, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: ws.path(),
    HOME: home.home,
    LANG: 'C.UTF-8',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    CODEX_HOME: home.codexHome,
    [keyVariable]: 'sk-scripted',
    ...extra,
  };
}

export interface AgentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program to its end (killed after `timeoutMs`) and returns what it printed. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; what: string },
): Promise<AgentRun> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${options.what} did not finish in ${options.timeoutMs} ms in ${options.cwd}\n${stdout}\n${stderr}`),
      );
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * `codex exec` to the end of its turn. `--dangerously-bypass-hook-trust`: without it Codex skips the hooks in
 * `$CODEX_HOME/hooks.json` silently (a person trusts them once, interactively).
 */
export async function runCodexExec(options: {
  ws: AgentWorkspace;
  cwd: string;
  home: AgentHome;
  prompt: string;
  timeoutMs?: number;
}): Promise<AgentRun> {
  const bin = await agentBin('codex');
  const args = [
    bin,
    'exec',
    '--skip-git-repo-check',
    '--dangerously-bypass-approvals-and-sandbox',
    '--dangerously-bypass-hook-trust',
    options.prompt,
  ];
  return runToEnd(process.execPath, args, {
    cwd: options.cwd,
    env: codexEnv(options.ws, options.home),
    timeoutMs: options.timeoutMs ?? 90_000,
    what: 'codex exec',
  });
}
