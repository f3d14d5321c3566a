import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentHome, AgentWorkspace } from './agentWorkspace';
import { agentBin, claudeEnv, fakeApiKey } from './claudeAgent';
import { waitFor } from './waitFor';

function mergeJson(file: string, patch: (value: any) => void): void {
  let value: any = {};
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    value = {};
  }
  patch(value);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
}

/**
 * Answers ahead the five dialogs a fresh interactive Claude Code shows (onboarding, API key, folder trust, bypass
 * mode, the project's MCP servers) as a user would have once: in its config (`.claude.json`), its user settings,
 * and the worktree's local project settings — the README's `.claude/settings.json` stays as it is.
 */
export function seedClaudeDialogs(home: AgentHome, worktree: string): void {
  mergeJson(join(home.claudeConfig, '.claude.json'), (c) => {
    c.hasCompletedOnboarding = true;
    c.theme = 'dark';
    c.customApiKeyResponses = { approved: [fakeApiKey.slice(-20)], rejected: [] };
    c.projects = {
      ...(c.projects ?? {}),
      [worktree]: { ...(c.projects?.[worktree] ?? {}), hasTrustDialogAccepted: true },
    };
  });
  mergeJson(join(home.claudeConfig, 'settings.json'), (s) => {
    s.skipDangerousModePermissionPrompt = true;
  });
  mergeJson(join(worktree, '.claude', 'settings.local.json'), (s) => {
    s.enableAllProjectMcpServers = true;
  });
}

/**
 * The interactive Claude Code (its terminal UI) in a tmux session of its own (a private tmux server, `-L`), driven
 * by keystrokes as a person would, with the permission prompts bypassed (its default "auto" mode would ask the
 * model to vet each tool call).
 */
export class ClaudeTui {
  private constructor(private readonly socket: string) {}

  static async start(options: {
    ws: AgentWorkspace;
    cwd: string;
    home: AgentHome;
    baseUrl: string;
  }): Promise<ClaudeTui> {
    const bin = await agentBin('claude');
    const tui = new ClaudeTui(`coord-agents-${randomBytes(4).toString('hex')}`);
    const env = claudeEnv(options.ws, options.home, options.baseUrl);
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    tui.tmux(
      'new-session',
      '-d',
      '-x',
      '200',
      '-y',
      '50',
      '-c',
      options.cwd,
      'env',
      '-i',
      ...envArgs,
      bin,
      '--dangerously-skip-permissions',
    );
    tui.tmux('set-option', '-t', 'claude', 'remain-on-exit', 'on');
    return tui;
  }

  private tmux(...args: string[]): string {
    const [command, ...rest] = args;
    const withTarget = command === 'new-session' ? ['new-session', '-s', 'claude', ...rest] : args;
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...withTarget], { encoding: 'utf8' });
  }

  /** What the terminal shows now. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'claude');
  }

  async waitForScreen(what: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    try {
      return await waitFor(
        what,
        () => {
          const s = this.screen();
          return pattern.test(s) ? s : undefined;
        },
        timeoutMs,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; the screen:\n${this.screen()}`);
    }
  }

  /** Types text literally, then Enter on its own (as a paste followed by a key). */
  async submit(text: string): Promise<void> {
    this.tmux('send-keys', '-t', 'claude', '-l', text);
    await new Promise((r) => setTimeout(r, 300));
    this.tmux('send-keys', '-t', 'claude', 'Enter');
  }

  exited(): boolean {
    return this.tmux('display-message', '-p', '-t', 'claude', '#{pane_dead}').trim() === '1';
  }

  /** Ends the tmux server of this agent only, and waits for the agent to be gone (it saves its state on SIGHUP). */
  async kill(): Promise<void> {
    let pid = 0;
    try {
      pid = Number(this.tmux('display-message', '-p', '-t', 'claude', '#{pane_pid}').trim());
      this.tmux('kill-server');
    } catch {
      // Gone already.
    }
    if (pid > 0) await waitFor(`the agent (pid ${pid}) to exit`, () => !isRunning(pid), 10_000);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
