/**
 * What a run of an agent's hook comes to, for a front end to print as it is. There is no exit code: a hook run
 * never fails its agent (Claude Code reads exit 2 of some hooks as "block"), so every answer is exit 0, and keeping
 * an agent going is said in `stdout`'s JSON (`decision: block`), not by the exit code.
 */
export interface AgentHookAnswer {
  /** What the run did, as one JSON document (`coord hook --json`). */
  report: Record<string, unknown>;
  /** What the agent reads: its hook JSON when asked for, else plain text; empty when there is nothing to say. */
  stdout: string;
  /** One line for the person on stderr: input that is not the agent's JSON, an event not handled; never a failure. */
  notice?: string;
}

/** Nothing for the agent: no stdout at all, and at most one line on stderr. */
export function silentAnswer(report: Record<string, unknown>, notice?: string): AgentHookAnswer {
  return { report: { messages: [], remaining: 0, ...report }, stdout: '', ...(notice ? { notice } : {}) };
}
