// Installs, on first use only, the real coding agents the end-to-end suites drive (shared/docs/real-agents.md):
// Claude Code, Codex CLI and Gemini CLI, pinned, each in a folder of its own in the tool cache (as code-server is).
// They are ~800 MB together, so free disk is checked first and a shortfall is said plainly.
//
//   node scripts/agents/installAgents.mjs [claude|codex|gemini ...]   installs if needed, prints the paths as JSON
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheRoot, installFolder, isInstalled, mustExist } from '../lib/cacheInstall.mjs';

/**
 * The agents, pinned: on Node 20 an unpinned Claude Code resolves to an older release (newer ones declare
 * Node >= 22; the native binary does not care). `bin` is what to run, relative to the install folder.
 */
export const agents = {
  claude: {
    pkg: '@anthropic-ai/claude-code',
    version: '2.1.332',
    // The postinstall links the platform package's native binary here.
    bin: ['node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe'],
    allowScripts: ['@anthropic-ai/claude-code'],
    megabytes: 420,
  },
  codex: {
    pkg: '@openai/codex',
    version: '0.171.0',
    // A small launcher that spawns the static binary of @openai/codex-linux-x64.
    bin: ['node_modules', '@openai', 'codex', 'bin', 'codex.js'],
    allowScripts: [],
    megabytes: 330,
  },
  gemini: {
    pkg: '@google/gemini-cli',
    version: '0.61.0',
    bin: ['node_modules', '@google', 'gemini-cli', 'bundle', 'gemini.js'],
    allowScripts: [],
    megabytes: 120,
  },
};

export class AgentInstallError extends Error {}

/** Where an agent is (whether or not it is installed yet). */
export function agentPaths(kind, root = cacheRoot()) {
  const agent = agents[kind];
  if (!agent) throw new AgentInstallError(`unknown agent ${JSON.stringify(kind)}: one of ${Object.keys(agents).join(', ')}`);
  const dir = join(root, 'agents', `${kind}-${agent.version}`);
  return { kind, dir, bin: join(dir, ...agent.bin), version: agent.version, installed: isInstalled(dir) };
}

function freeMegabytes(dir) {
  const s = statfsSync(dir);
  return Math.floor((Number(s.bavail) * Number(s.bsize)) / 1e6);
}

/**
 * Makes sure the agents named are installed (the first call installs, later calls only check) and returns their
 * paths. Refuses before downloading anything when the disk cannot hold them, naming how much is needed and where.
 */
export async function ensureAgents(kinds = Object.keys(agents), { log = (m) => console.error(`[agents] ${m}`) } = {}) {
  const root = cacheRoot();
  const wanted = kinds.map((k) => agentPaths(k, root));
  const missing = wanted.filter((p) => !p.installed);
  if (missing.length > 0) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'agents'), { recursive: true });
    // npm keeps a copy in its cache too: twice the package size, plus room to spare.
    const need = missing.reduce((sum, p) => sum + agents[p.kind].megabytes * 2, 200);
    const free = freeMegabytes(join(root, 'agents'));
    if (free < need) {
      throw new AgentInstallError(
        `not enough free disk to install ${missing.map((p) => p.kind).join(', ')}: ${need} MB needed, ${free} MB free in ${root} ` +
          '(set COORD_VSCODE_CACHE to a folder on a larger disk, or free space)',
      );
    }
  }
  for (const p of missing) {
    const agent = agents[p.kind];
    await installFolder({
      dir: p.dir,
      name: `${p.kind}-${agent.version}`,
      dependencies: { [agent.pkg]: agent.version },
      allowScripts: agent.allowScripts,
      env: process.env,
      log,
      verify: () => mustExist(p.bin, `${agent.pkg}@${agent.version} did not install its program`),
    });
  }
  return Object.fromEntries(kinds.map((k) => [k, agentPaths(k, root)]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const kinds = process.argv.slice(2);
    console.log(JSON.stringify(await ensureAgents(kinds.length ? kinds : undefined), null, 2));
  } catch (e) {
    console.error(e instanceof AgentInstallError ? e.message : e);
    process.exit(1);
  }
}
