import { writeAgentsFiles } from '../../core/agentsFiles';
import { initTree } from '../../core/init';
import type { Command } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: 'create the coordination tree (docs/coordination) here',
  usage: 'coord init [--agents]',
  details: 'Safe to run again: existing files are kept as they are.\n--agents writes a marked section telling agents how to take part into AGENTS.md (created if absent) and\nCLAUDE.md (created as `@AGENTS.md` if absent; left alone if it imports AGENTS.md); a rerun replaces the section in place.',
  options: {
    agents: { type: 'boolean', help: '--agents         also write the agent instructions into AGENTS.md / CLAUDE.md' },
  },
  needsTree: false,
  run({ root, positionals, values }) {
    void positionals;
    const result = initTree(root);
    const text = result.created.length === 0 ? `Already initialized: ${result.dir}` : `Initialized ${result.dir} (${result.created.length} created)`;
    const excluded = result.excludedIn ? `\nIgnored on your own branches through ${result.excludedIn} (it travels on its own branch: coord sync)` : '';
    const agents = values.agents === true ? writeAgentsFiles(root) : undefined;
    const agentsText = agents ? agents.map((a) => `\n${a.file}: ${a.action === 'imports AGENTS.md' ? 'imports AGENTS.md; left as it is' : `agent instructions ${a.action}`}`).join('') : '';
    return {
      json: { dir: result.dir, created: result.created, ...(result.excludedIn ? { excludedIn: result.excludedIn } : {}), ...(agents ? { agents } : {}) },
      text: text + excluded + agentsText,
    };
  },
};
