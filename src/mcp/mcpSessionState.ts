import type { CoordContext } from '../core/records/context';
import { agentIdentityOf, hookRegisteredSession, type AgentIdentity } from '../core/agents/agentProcessLink';

/**
 * Who this server acts as. An MCP server is one agent: it acts as the session its `register` tool made or
 * resumed, else as COORD_SESSION from its launch, else as the session the agent's own hooks registered
 * (`coord hook --register`), else as nobody yet. The hooks' session is looked up at each call, not at start: the
 * agent may start this server before its SessionStart hook runs, and may register anew later (/clear).
 * Kept in this process only: a restarted server starts over, and the agent resumes with `register { session }`.
 */
export class McpSessionState {
  private adopted: string | undefined;
  private identity: AgentIdentity | undefined;

  constructor(private readonly fromEnvironment: string | undefined) {}

  /** With the tree and the server's environment, the hooks' session counts too. */
  current(ctx?: CoordContext, env: Record<string, string | undefined> = {}): string | undefined {
    const own = this.adopted ?? this.fromEnvironment;
    if (own || !ctx) return own;
    return hookRegisteredSession(ctx, this.agentIdentity(env));
  }

  adopt(sessionId: string): void {
    this.adopted = sessionId;
  }

  /** Worked out once: the agent's process and environment do not change while this server runs. */
  private agentIdentity(env: Record<string, string | undefined>): AgentIdentity {
    this.identity ??= agentIdentityOf(env);
    return this.identity;
  }
}
