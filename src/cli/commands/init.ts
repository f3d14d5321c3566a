import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { writeAgentsFiles } from '../../core/agents/agentsFiles';
import { agentKinds, isAgentKind, type AgentKind } from '../../core/agents/agentKind';
import { wireAgents, type AgentConfigResult } from '../../core/agents/agentWiring';
import { refused, usageError } from '../../core/store/errors';
import { findGitCheckout } from '../../core/store/gitCheckout';
import { GitRunner } from '../../core/sync/gitRunner';
import { installGuardHook, type GuardHookResult } from '../../core/agents/guardHook';
import { initTree } from '../../core/operations/init';
import { rejectExtra, stringValue } from '../args';
import { thisCoord } from '../coordLauncher';
import type { Command, CommandOutput } from '../command';

const usage = 'coord init [--agents [claude,codex,gemini]] [--guard]';

export const initCommand: Command = {
  name: 'init',
  summary: 'create the coordination tree (docs/coordination) here',
  usage,
  details:
    "Safe to run again: existing files are kept as they are.\n--agents writes a marked section telling agents how to take part into AGENTS.md (created if absent) and\nCLAUDE.md (created as `@AGENTS.md` if absent; left alone if it imports AGENTS.md); a rerun replaces the section in place.\n--agents claude,codex,gemini also writes each agent's hooks and MCP server: Claude Code .claude/settings.json and\n.mcp.json; Codex $CODEX_HOME/hooks.json and config.toml (coord by absolute path: its login shell resets PATH);\nGemini CLI .gemini/settings.json. Existing files are merged into (other keys kept); one that is not valid JSON\nis refused, naming it, and no agent file is written.\n--guard installs `coord guard` as the git pre-commit hook (where core.hooksPath points; added to an existing\nshell hook): a commit touching files another live session has claimed is refused (git config coord.guard warn|off).",
  options: {
    agents: {
      type: 'string',
      optionalValue: true,
      help:
        '--agents [LIST]  also write the agent instructions into AGENTS.md / CLAUDE.md, and for each agent' +
        '\n                 listed (claude, codex, gemini; comma-separated) its hook and MCP configuration',
    },
    guard: {
      type: 'boolean',
      help: '--guard          also install the pre-commit hook that refuses commits touching files others claimed',
    },
  },
  needsTree: false,
  run({ root, values, positionals, env }) {
    rejectExtra(positionals, 0, usage);
    const kinds = agentList(stringValue(values, 'agents'));
    const result = initTree(root);
    const text =
      result.created.length === 0
        ? `Already initialized: ${result.dir}`
        : `Initialized ${result.dir} (${result.created.length} created)`;
    const excluded = result.excludedIn
      ? `\nIgnored on your own branches through ${result.excludedIn} (it travels on refs of its own: coord sync)`
      : '';
    // The agents' files first: one that cannot be merged stops the run before the instructions are written.
    const codexHome = env.CODEX_HOME || join(homedir(), '.codex');
    const configs = kinds?.length ? wireAgents(kinds, { root, codexHome }, thisCoord(env)) : undefined;
    const agents = kinds ? writeAgentsFiles(root) : undefined;
    const agentsText =
      (agents
        ? agents
            .map(
              (a) =>
                `\n${a.file}: ${a.action === 'imports AGENTS.md' ? 'imports AGENTS.md; left as it is' : `agent instructions ${a.action}`}`,
            )
            .join('')
        : '') + (configs ?? []).map(configLine).join('');
    const output = (guard?: GuardHookResult): CommandOutput => ({
      json: {
        dir: result.dir,
        created: result.created,
        ...(result.excludedIn ? { excludedIn: result.excludedIn } : {}),
        ...(agents ? { agents } : {}),
        ...(configs ? { agentConfigs: configs } : {}),
        ...(guard ? { guard } : {}),
      },
      text:
        text +
        excluded +
        agentsText +
        (guard
          ? `\n${guard.file}: coord guard ${guard.action}; commits touching files another live session claims are refused (git config coord.guard warn|off to change)`
          : ''),
    });
    if (values.guard !== true) return output();
    const checkout = findGitCheckout(root);
    if (!checkout)
      throw refused(
        `${root} is not in a git repository; the guard is a git pre-commit hook`,
        'run `git init` first, or leave out --guard',
        undefined,
        { action: 'change-environment', need: 'git-repository' },
      );
    // The hook calls this very coord (node and its entry script) by absolute path; see guardHookBlock.
    // git names the top by its real path; so must the root, or a symlinked folder would make this `../..`.
    const rootFromTop = relative(realpathSync(checkout.topLevel), realpathSync(root)).split(sep).join('/');
    return installGuardHook(new GitRunner(checkout.topLevel), {
      node: process.execPath,
      cli: resolve(process.argv[1] ?? 'coord'),
      ...(rootFromTop ? { rootFromTop } : {}),
    }).then(output);
  },
};

/** `--agents` alone: the instructions only (undefined: not asked); `--agents claude,codex`: those agents too. */
function agentList(value: string | undefined): AgentKind[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n);
  const unknown = names.filter((n) => !isAgentKind(n));
  if (unknown.length) {
    const names = unknown.map((n) => JSON.stringify(n)).join(', ');
    const known = agentKinds.join(', ');
    throw usageError(
      `--agents: unknown agent ${names}; coord configures ${known}`,
      'e.g. coord init --agents claude,codex',
    );
  }
  return [...new Set(names as AgentKind[])];
}

function configLine(c: AgentConfigResult): string {
  const what = c.holds.map((h) => (h === 'mcp' ? 'MCP server' : 'hooks')).join(' and ');
  return `\n${c.file}: ${c.agent} ${what} ${c.action === 'unchanged' ? 'already there' : c.action}`;
}
