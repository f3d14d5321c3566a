import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, coordSync, type CoordRun } from '../../helpers/runCoord';

/** An agent's own state folders, so agents neither see the user's configuration nor each other's. */
export interface AgentHome {
  home: string;
  claudeConfig: string;
  codexHome: string;
  geminiHome: string;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A repository as a user has it before starting agents: a real git repository with a coordination tree
 * (`coord init`, committed), linked worktrees for parallel agents, and `coord` on a PATH folder — a link to this
 * checkout's `dist/cli.js`, as `npm link` makes one. Being that very script (its real path), it is the `coord` that
 * `coord init --agents` may name plainly, so the files init writes here are the ones the README shows. Everything
 * lives in one temporary folder.
 */
export class AgentWorkspace {
  readonly repo: string;
  readonly binDir: string;
  /** The `coord` command on `binDir` (a link to dist/cli.js), by absolute path. */
  readonly coordBin: string;
  private readonly homes = new Map<string, AgentHome>();

  private constructor(readonly dir: string) {
    this.repo = join(dir, 'repo');
    this.binDir = join(dir, 'bin');
    this.coordBin = join(this.binDir, 'coord');
  }

  static create(options: { initArgs?: string[] } = {}): AgentWorkspace {
    // realpath: agents report their working folder resolved, and coord's records hold what it was given.
    const ws = new AgentWorkspace(realpathSync(mkdtempSync(join(tmpdir(), 'coord-agents-'))));
    mkdirSync(ws.repo);
    mkdirSync(ws.binDir);
    // npm link: the package's bin made executable (esbuild writes it without the mode; its `#!/usr/bin/env node`
    // line runs it), then linked from a PATH folder.
    chmodSync(cliPath, statSync(cliPath).mode | 0o111);
    symlinkSync(cliPath, ws.coordBin);
    git(ws.repo, 'init', '-q', '-b', 'main');
    git(ws.repo, 'config', 'user.name', 'Agent Test');
    git(ws.repo, 'config', 'user.email', 'agents@example.invalid');
    git(ws.repo, 'config', 'commit.gpgsign', 'false');
    writeFileSync(join(ws.repo, 'README.md'), '# A project the agents work on\n');
    mkdirSync(join(ws.repo, 'src'));
    writeFileSync(join(ws.repo, 'src', 'app.ts'), 'export const answer = 42;\n');
    const init = ws.coord(['init', ...(options.initArgs ?? [])]);
    if (init.code !== 0) throw new Error(`coord init failed in ${ws.repo}: ${init.stdout}${init.stderr}`);
    git(ws.repo, 'add', '-A');
    git(ws.repo, 'commit', '-q', '-m', 'initial: project and coordination tree');
    return ws;
  }

  /** Writes a file of the main worktree (e.g. the agent configuration the README gives), relative to it. */
  writeFile(relative: string, text: string, cwd = this.repo): string {
    const file = join(cwd, relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  /** Commits what the main worktree has, so worktrees added afterwards start from it. */
  commitAll(message: string): void {
    git(this.repo, 'add', '-A');
    git(this.repo, 'commit', '-q', '--allow-empty', '-m', message);
  }

  /** A linked worktree beside the main one, on a branch of its own named after it. */
  addWorktree(name: string): string {
    const dir = join(this.dir, name);
    git(this.repo, 'worktree', 'add', '-q', '-b', name, dir);
    return dir;
  }

  /** The isolated HOME and configuration folders of one agent (created on first use). */
  agentHome(name: string): AgentHome {
    let home = this.homes.get(name);
    if (!home) {
      const base = join(this.dir, 'homes', name);
      home = {
        home: base,
        claudeConfig: join(base, '.claude'),
        codexHome: join(base, '.codex'),
        geminiHome: base,
      };
      for (const d of [home.home, home.claudeConfig, home.codexHome]) mkdirSync(d, { recursive: true });
      this.homes.set(name, home);
    }
    return home;
  }

  /** PATH with the `coord` link first. */
  path(): string {
    return `${this.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  }

  /** Runs coord (this checkout's) in a folder of the workspace, as `session` or as none (not the test's own). */
  coord(args: string[], options: { cwd?: string; session?: string; env?: Record<string, string> } = {}): CoordRun {
    return coordSync(args, {
      cwd: options.cwd ?? this.repo,
      ...(options.session ? { session: options.session } : {}),
      env: options.env ?? {},
    });
  }

  cleanup(): void {
    // Worktrees register themselves in the repository: removing the whole folder removes them all.
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
