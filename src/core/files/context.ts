import { hostname } from 'node:os';
import { systemClock, type Clock } from './clock';
import { TreeLayout } from './layout';
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
  return {
    layout,
    clock: options.clock ?? systemClock,
    config: options.config ?? loadProtocolConfig(layout),
    host: hostname(),
    pid: process.pid,
  };
}
