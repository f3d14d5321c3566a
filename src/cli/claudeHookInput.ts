import { appendFileSync, readFileSync } from 'node:fs';

/** What Claude Code tells a hook on stdin (JSON) that the hook uses: whose session, and which event. */
export interface ClaudeHookInput {
  sessionId?: string;
  event?: string;
}

/**
 * Reads the hook's JSON input from stdin. Only for `--format claude`, and never from a terminal (a person trying
 * the command would otherwise wait on their keyboard). Anything that is not such JSON is no input.
 */
export function readClaudeHookInput(): ClaudeHookInput {
  if (process.stdin.isTTY) return {};
  let raw: string;
  try {
    raw = readFileSync(0, 'utf8');
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(raw) as { session_id?: unknown; hook_event_name?: unknown };
    return {
      ...(typeof value?.session_id === 'string' && value.session_id.length > 0 && value.session_id.length <= 200 ? { sessionId: value.session_id } : {}),
      ...(typeof value?.hook_event_name === 'string' ? { event: value.hook_event_name } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Makes the agent's later shell commands act as `sessionId`: a SessionStart hook may append `export` lines to the
 * file Claude Code names in CLAUDE_ENV_FILE, and its Bash tool sources them before each command.
 */
export function exportSessionToClaude(envFile: string | undefined, sessionId: string): boolean {
  if (!envFile) return false;
  // A slug: nothing in it needs quoting, and it cannot end the line or start another command.
  appendFileSync(envFile, `export COORD_SESSION=${sessionId}\n`);
  return true;
}
