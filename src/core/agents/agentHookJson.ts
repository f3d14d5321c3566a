/**
 * The answers Claude Code, Codex and Gemini CLI take from a hook on stdout (the three read the same shapes). These
 * are protocol, not wording: the agent acts on them — additionalContext reaches the model, `block` keeps it going —
 * so they live in the core, where any front end that runs an agent's hook finds them.
 */

/** Text for the model's context: how a SessionStart, prompt or after-tool hook's words reach it. */
export function contextHookJson(event: string, text: string): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: event, additionalContext: text } });
}

/** A Stop (Gemini CLI: AfterAgent) hook's answer that keeps the agent going, with why. */
export function keepGoingHookJson(reason: string): string {
  return JSON.stringify({ decision: 'block', reason });
}
