import type { CoordContext } from '../records/context';
import type { Claim } from '../records/claim';
import { beatIfDue } from '../agents/turnBeat';

export interface AgentBeat {
  /** A beat was due and was recorded. */
  beat: boolean;
  /** Claims the beat renewed. */
  renewed: number;
  /**
   * Publishes the renewals the remote is due (a lease there past half its ttl), so no loop is needed for other
   * computers to see them. Undefined when the beat renewed nothing.
   */
  publish?: () => Promise<void>;
}

/**
 * An agent at work keeps its session alive without thinking of it: after a tool call (the agent's hook, or a call
 * to the MCP server) the session beats when a beat is due — at most every half interval, the last beat's action
 * and target kept — and its claims are renewed. `publishRenewals` is the caller's (heartbeatSession.ts's
 * renewalsReached, imported or required on demand), so this file loads no sync code of its own.
 */
export function beatAgentSession(
  ctx: CoordContext,
  session: string,
  publishRenewals: (renewed: Claim[]) => Promise<void>,
): AgentBeat {
  const beat = beatIfDue(ctx, session);
  const claims = beat.renewedClaims;
  return {
    beat: beat.beat,
    renewed: beat.renewed,
    ...(claims.length > 0 ? { publish: () => publishRenewals(claims) } : {}),
  };
}
