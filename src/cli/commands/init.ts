import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { writeAgentsFiles } from '../../core/agents/agentsFiles';
import { refused } from '../../core/files/errors';
import { findGitCheckout } from '../../core/sync/gitCheckout';
import { GitRunner } from '../../core/sync/gitRunner';
import { installGuardHook, type GuardHookResult } from '../../core/agents/guardHook';
import { initTree } from '../../core/files/init';
import { rejectExtra } from '../args';
import type { Command, CommandOutput } from '../command';

const usage = 'coord init [--agents] [--guard]';

export const initCommand: Command = {
  name: 'init',
  summary: 'create the coordination tree (docs/coordination) here',
  usage,
  details: 'Safe to run again: existing files are kept as they are.\n--agents writes a marked section telling agents how to take part into AGENTS.md (created if absent) and\nCLAUDE.md (created as `@AGENTS.md` if absent; left alone if it imports AGENTS.md); a rerun replaces the section in place.\n--guard installs `coord guard` as the git pre-commit hook (where core.hooksPath points; added to an existing\nshell hook): a commit touching files another live session has claimed is refused (git config coord.guard warn|off).',
  options: {
    agents: { type: 'boolean', help: '--agents         also write the agent instructions into AGENTS.md / CLAUDE.md' },
    guard: { type: 'boolean', help: '--guard          also install the pre-commit hook that refuses commits touching files others claimed' },
  },
  needsTree: false,
  run({ root, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const result = initTree(root);
    const text = result.created.length === 0 ? `Already initialized: ${result.dir}` : `Initialized ${result.dir} (${result.created.length} created)`;
    const excluded = result.excludedIn ? `\nIgnored on your own branches through ${result.excludedIn} (it travels on refs of its own: coord sync)` : '';
    const agents = values.agents === true ? writeAgentsFiles(root) : undefined;
    const agentsText = agents ? agents.map((a) => `\n${a.file}: ${a.action === 'imports AGENTS.md' ? 'imports AGENTS.md; left as it is' : `agent instructions ${a.action}`}`).join('') : '';
    const output = (guard?: GuardHookResult): CommandOutput => ({
      json: { dir: result.dir, created: result.created, ...(result.excludedIn ? { excludedIn: result.excludedIn } : {}), ...(agents ? { agents } : {}), ...(guard ? { guard } : {}) },
      text: text + excluded + agentsText + (guard ? `\n${guard.file}: coord guard ${guard.action}; commits touching files another live session claims are refused (git config coord.guard warn|off to change)` : ''),
    });
    if (values.guard !== true) return output();
    const checkout = findGitCheckout(root);
    if (!checkout) throw refused(
      `${root} is not in a git repository; the guard is a git pre-commit hook`,
      'run `git init` first, or leave out --guard',
      undefined,
      { action: 'change-environment', need: 'git-repository' },
    );
    // The hook calls this very coord (node and its entry script) by absolute path; see guardHookBlock.
    // git names the top by its real path; so must the root, or a symlinked folder would make this `../..`.
    const rootFromTop = relative(realpathSync(checkout.topLevel), realpathSync(root)).split(sep).join('/');
    return installGuardHook(new GitRunner(checkout.topLevel), {
      node: process.execPath, cli: resolve(process.argv[1] ?? 'coord'), ...(rootFromTop ? { rootFromTop } : {}),
    }).then(output);
  },
};
