/**
 * Events whose `hookSpecificOutput.additionalContext` reaches the model: Claude Code's and Codex's
 * (SessionStart, UserPromptSubmit, PostToolUse) and Gemini CLI's (SessionStart, BeforeAgent, AfterTool).
 */
export const contextEvents = ['SessionStart', 'UserPromptSubmit', 'PostToolUse', 'BeforeAgent', 'AfterTool'];
/** Where an agent is about to go idle: Claude Code's and Codex's Stop, Gemini CLI's AfterAgent (same answer). */
export const stopEvents = ['Stop', 'AfterAgent'];
/** Every event `coord hook` answers; any other is left alone. */
export const handledEvents = [...contextEvents, ...stopEvents, 'SessionEnd'];
/** The event a hook run answers when neither its options nor its input name one. */
export const defaultHookEvent = 'UserPromptSubmit';
