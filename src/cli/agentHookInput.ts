import { appendFileSync, fstatSync, readFileSync } from 'node:fs';

/**
 * What an agent's hook gets on stdin (JSON; Claude Code, Codex and Gemini CLI write the same core fields) that
 * `coord hook` uses: whose session, which event, and whether the agent is already going on because of a Stop hook.
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

/**
 * Reads the hook's JSON input from stdin — never from a terminal (a person trying the command would otherwise wait
 * on their keyboard).
 */
export function readAgentHookInput(): AgentHookRead {
  // A character device is a terminal (or /dev/null): nobody is handing JSON over. Asked of fstat, not of
  // process.stdin or node:tty, which load the network modules: a few ms of every hook run, after every tool call.
  if (stdinIsCharacterDevice()) return { input: {} };
  let raw: string;
  try {
    raw = readFileSync(0, 'utf8');
  } catch {
    return { input: {}, problem: 'could not read the hook input on stdin' };
  }
  return parseAgentHookInput(raw);
}

function stdinIsCharacterDevice(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

export function parseAgentHookInput(raw: string): AgentHookRead {
  if (raw.trim() === '') {
    return { input: {}, problem: 'the hook input on stdin is empty (expected the agent\'s hook JSON)' };
  }
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { input: {}, problem: 'the hook input on stdin is not JSON (expected the agent\'s hook JSON)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { input: {}, problem: 'the hook input on stdin is not a JSON object (expected the agent\'s hook JSON)' };
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

/**
 * Makes the agent's later shell commands act as `sessionId`: a Claude Code SessionStart hook may append `export`
 * lines to the file it names in CLAUDE_ENV_FILE, and its Bash tool sources them before each command. (Codex and
 * Gemini CLI offer no such file.)
 */
export function exportSessionToClaude(envFile: string | undefined, sessionId: string): boolean {
  if (!envFile) return false;
  // A slug: nothing in it needs quoting, and it cannot end the line or start another command.
  appendFileSync(envFile, `export COORD_SESSION=${sessionId}\n`);
  return true;
}
