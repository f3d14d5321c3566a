import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TmuxPaneOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
}

/**
 * A command in a real terminal emulator — a tmux pane on a private tmux server (`-S`) — and what that terminal
 * shows, read with `capture-pane`. A pseudo-terminal gives the bytes a program wrote; this gives the screen they
 * make, where a program's cursor moves and erases have taken effect.
 */
export class TmuxPane {
  private constructor(private readonly socket: string) {}

  static start(command: readonly string[], options: TmuxPaneOptions): TmuxPane {
    // A socket of its own, removed at the end (tmux leaves it behind when its server is killed).
    const pane = new TmuxPane(join(tmpdir(), `coord-tmux-${randomBytes(4).toString('hex')}`));
    const env = Object.entries(options.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
    const size = ['-x', String(options.cols), '-y', String(options.rows)];
    // `env -i`: the program sees the environment given, not the one of the tmux server.
    pane.tmux('new-session', '-d', '-s', 'test', ...size, '-c', options.cwd, 'env', '-i', ...env, ...command);
    // The pane stays after the program exits, so its exit status can be read.
    pane.tmux('set-option', '-t', 'test', 'remain-on-exit', 'on');
    return pane;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** What the terminal shows now: one string per row, without the trailing blanks of a row. */
  screen(): string[] {
    return this.tmux('capture-pane', '-p', '-t', 'test').replace(/\n$/, '').split('\n');
  }

  async waitForScreen(test: (lines: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.screen();
      if (test(lines)) return lines;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; the screen:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Ctrl+C typed at the terminal. */
  interrupt(): void {
    this.tmux('send-keys', '-t', 'test', 'C-c');
  }

  /** The program's exit status once it has exited. */
  async exitCode(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.tmux('display-message', '-p', '-t', 'test', '#{pane_dead}').trim() !== '1') {
      if (Date.now() > deadline) throw new Error(`still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Number(this.tmux('display-message', '-p', '-t', 'test', '#{pane_dead_status}').trim());
  }

  /** Ends this tmux server only (and the program in it). */
  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Gone already.
    }
    rmSync(this.socket, { force: true });
  }
}
