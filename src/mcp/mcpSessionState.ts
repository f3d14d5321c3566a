/**
 * Who this server acts as. An MCP server is one agent: it acts as the session its `register` tool made or
 * resumed, else as COORD_SESSION from its launch, else as nobody yet. Kept in this process only: a restarted
 * server starts over, and the agent resumes with `register { session }`.
 */
export class McpSessionState {
  private adopted: string | undefined;

  constructor(private readonly fromEnvironment: string | undefined) {}

  current(): string | undefined {
    return this.adopted ?? this.fromEnvironment;
  }

  adopt(sessionId: string): void {
    this.adopted = sessionId;
  }
}
