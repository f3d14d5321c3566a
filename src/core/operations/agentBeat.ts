import type { CoordContext } from '../records/context';
import { beatIfDue } from '../agents/turnBeat';
import type { SyncSettings } from '../sync/syncSettings';

type HeartbeatSessionModule = typeof import('./heartbeatSession');

export interface AgentBeat {
  /** A beat was due and was recorded. */
  beat: boolean;
  /** Claims the beat renewed. */
  renewed: number;
  /**
   * Publishes the renewals the remote is due (a lease there past half its ttl), so no loop is needed for other
   * computers to see them; never fails. Undefined when the beat renewed nothing.
   */
  publish?: () => Promise<void>;
}

/**
 * An agent at work keeps its session alive without thinking of it: after a tool call (the agent's hook, or a call
 * to the MCP server) the session beats when a beat is due — at most every half interval, the last beat's action
 * and target kept — and its claims are renewed.
 */
export function beatAgentSession(ctx: CoordContext, session: string, settings: () => SyncSettings): AgentBeat {
  const beat = beatIfDue(ctx, session);
  const claims = beat.renewedClaims;
  if (claims.length === 0) return { beat: beat.beat, renewed: beat.renewed };
  return {
    beat: beat.beat,
    renewed: beat.renewed,
    publish: () => {
      // Required here: the sync code is loaded only by a beat that has renewals to publish.
      const { renewalsReached } = require('./heartbeatSession') as HeartbeatSessionModule;
      return renewalsReached(ctx, settings(), claims);
    },
  };
}
