import { openContext } from '../core/records/context';
import { syncSettingsFrom } from '../core/sync/syncSettings';
import type { AgentToolEnv } from '../agentTools/agentTool';
import type { McpSessionState } from './mcpSessionState';

/**
 * What the tools get in `coord mcp`: the tree opened afresh for each call (protocol.json may change while the
 * server runs), this server's session, and claims confirmed on the git remote before the answer, as the CLI does.
 */
export function mcpToolEnv(
  root: string,
  state: McpSessionState,
  env: Record<string, string | undefined>,
): AgentToolEnv {
  const ctx = openContext(root);
  return {
    ctx,
    actingSession: (explicit) => explicit ?? state.current(ctx, env),
    adopt: (id) => state.adopt(id),
    defaultKind: 'agent',
    touched: () => {},
    syncSettings: syncSettingsFrom(env),
  };
}
