import { appendFileSync } from 'node:fs';

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
