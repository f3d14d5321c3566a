import type { AgentToolResult } from './agentTool';

/**
 * A successful call's result: its outcome word, its facts, and `next` both in the structured result (what Claude
 * Code hands the model) and as the text's last line (what clients that show only text hand it).
 */
export function toolResult(
  outcome: string,
  facts: Record<string, unknown>,
  text: string,
  next: string,
): AgentToolResult {
  return { structured: { outcome, ...facts, next }, text: `${text}\nNext: ${next}` };
}
