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
    return { json: { dir: result.dir, created: result.created }, text };
  },
};
