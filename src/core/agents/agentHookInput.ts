/**
 * What an agent's hook gets on stdin (JSON; Claude Code, Codex and Gemini CLI write the same core fields) that
 * `coord hook` uses: whose session, which event, and whether the agent is already going on because of a Stop hook.
 * Reading stdin is the front end's; what the fields mean is the agents' hook protocol, so it is parsed here.
 */
export interface AgentHookInput {
  sessionId?: string;
  event?: string;
  transcriptPath?: string;
  /** A Stop hook's input: the agent is continuing because a Stop hook kept it going. */
  stopHookActive?: boolean;
}

export interface AgentHookRead {
  input: AgentHookInput;
  /** Why there is no usable input (empty, not JSON, no session id): worth one line on stderr, never a failure. */
  problem?: string;
}

export function parseAgentHookInput(raw: string): AgentHookRead {
  if (raw.trim() === '') {
    return { input: {}, problem: "the hook input on stdin is empty (expected the agent's hook JSON)" };
  }
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { input: {}, problem: "the hook input on stdin is not JSON (expected the agent's hook JSON)" };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { input: {}, problem: "the hook input on stdin is not a JSON object (expected the agent's hook JSON)" };
  }
  const { session_id: id, hook_event_name: event, transcript_path: transcript, stop_hook_active: active } = value;
  const input: AgentHookInput = {
    ...(typeof id === 'string' && id.length > 0 && id.length <= 200 ? { sessionId: id } : {}),
    ...(typeof event === 'string' ? { event } : {}),
    ...(typeof transcript === 'string' ? { transcriptPath: transcript } : {}),
    ...(active === true ? { stopHookActive: true } : {}),
  };
  return input.sessionId ? { input } : { input, problem: 'the hook input has no session_id' };
}
