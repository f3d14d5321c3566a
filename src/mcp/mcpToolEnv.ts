import { toJson } from '../core/files/atomicFile';
import { confirmClaim, confirmReleases } from '../core/sync/claimConfirm';
import { openContext } from '../core/files/context';
import { findGitCheckout } from '../core/sync/gitCheckout';
import { syncSettingsFrom } from '../core/sync/syncSettings';
import type { AgentToolEnv } from '../agentTools/agentTool';
import { claimConfirmationOf } from '../agentTools/claimConfirmation';
import type { McpSessionState } from './mcpSessionState';

/**
 * What the tools get in `coord mcp`: the tree opened afresh for each call (protocol.json may change while the
 * server runs), this server's session, and claims confirmed on the git remote before the answer, as the CLI does.
 */
export function mcpToolEnv(root: string, state: McpSessionState, env: Record<string, string | undefined>): AgentToolEnv {
  const ctx = openContext(root);
  const inGit = () => findGitCheckout(ctx.layout.root) !== undefined;
  return {
    ctx,
    actingSession: (explicit) => explicit ?? state.current(),
    adopt: (id) => state.adopt(id),
    defaultKind: 'agent',
    touched: () => {},
    confirmClaim: async (claim) => (inGit() ? claimConfirmationOf(claim, await confirmClaim(ctx, syncSettingsFrom(env), claim, toJson(claim))) : undefined),
    confirmReleases: async (claims) => (inGit() ? confirmReleases(ctx, syncSettingsFrom(env), claims) : undefined),
  };
}
