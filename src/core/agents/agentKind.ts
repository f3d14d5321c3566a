/** The coding agents whose hooks `coord hook` reads and whose configuration `coord init --agents` writes. */
export const agentKinds = ['claude', 'codex', 'gemini'] as const;
export type AgentKind = (typeof agentKinds)[number];

export function isAgentKind(value: string): value is AgentKind {
  return (agentKinds as readonly string[]).includes(value);
}

/** What a hook's input says about the agent that ran it (the fields the three agents differ in). */
export interface AgentHookFacts {
  sessionId?: string;
  transcriptPath?: string;
}

/**
 * Which agent ran a hook, when the hook command does not say (`--agent`). Each agent sets its own session id in
 * its hooks' environment — Gemini CLI `GEMINI_SESSION_ID` (it sets `CLAUDE_PROJECT_DIR` too, for compatibility),
 * Claude Code `CLAUDE_CODE_SESSION_ID` — and an id equal to the input's is not one inherited from an agent that
 * started this one. Codex sets none; its transcripts are `rollout-*.jsonl` files.
 */
export function detectAgentKind(facts: AgentHookFacts, env: Record<string, string | undefined>): AgentKind | undefined {
  const id = facts.sessionId;
  if (id && env.GEMINI_SESSION_ID === id) return 'gemini';
  if (id && env.CLAUDE_CODE_SESSION_ID === id) return 'claude';
  if (facts.transcriptPath && /(^|[\\/])rollout-[^\\/]*\.jsonl$/.test(facts.transcriptPath)) return 'codex';
  return undefined;
}

/**
 * A registered session's default name: the agent and a short part of its session id that tells two apart —
 * the end of a time-ordered UUID (version 7, Codex's), whose start is the clock and so shared by agents started
 * within a minute; the start of any other.
 */
export function agentSessionName(kind: AgentKind | undefined, agentSessionId: string): string {
  const timeOrdered = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(agentSessionId);
  const short = timeOrdered ? agentSessionId.slice(-8) : agentSessionId.slice(0, 8);
  return `${kind ?? 'agent'} ${short}`;
}
