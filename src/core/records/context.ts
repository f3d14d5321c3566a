import { hostname } from 'node:os';
import { systemClock, type Clock } from '../store/clock';
import { TreeLayout } from '../store/layout';
import { mergeLegacyTree } from '../store/legacyTreeMerge';
import { loadProtocolConfig, type ProtocolConfig } from './protocolConfig';

/** What every core operation needs: where the tree is, what time it is, and the shared thresholds. */
export interface CoordContext {
  layout: TreeLayout;
  clock: Clock;
  config: ProtocolConfig;
  host: string;
  pid: number;
}

export interface ContextOptions {
  clock?: Clock;
  config?: ProtocolConfig;
}

export function openContext(root: string, options: ContextOptions = {}): CoordContext {
  const layout = new TreeLayout(root);
  // A worktree that had a tree of its own before worktrees shared one: merged into the shared tree once.
  if (layout.dir !== layout.ownDir) mergeLegacyTree(layout);
  return {
    layout,
    clock: options.clock ?? systemClock,
    config: options.config ?? loadProtocolConfig(layout),
    host: hostname(),
    pid: process.pid,
  };
}
