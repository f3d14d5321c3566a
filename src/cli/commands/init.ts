import { initTree } from '../../core/init';
import type { Command } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: 'create the coordination tree (docs/coordination) here',
  usage: 'coord init',
  details: 'Safe to run again: existing files are kept as they are.',
  needsTree: false,
  run({ root, positionals }) {
    void positionals;
    const result = initTree(root);
    const text = result.created.length === 0 ? `Already initialized: ${result.dir}` : `Initialized ${result.dir} (${result.created.length} created)`;
    const excluded = result.excludedIn ? `\nIgnored on your own branches through ${result.excludedIn} (it travels on its own branch: coord sync)` : '';
    return { json: { dir: result.dir, created: result.created, ...(result.excludedIn ? { excludedIn: result.excludedIn } : {}) }, text: text + excluded };
  },
};
