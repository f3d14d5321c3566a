import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AgentTool, AgentToolEnv, AgentToolResult } from '../agentTools/agentTool';
import { runAgentTool } from '../agentTools/runAgentTool';
import { toolErrorResult } from '../agentTools/toolError';

/**
 * One tools/call: every failure — bad input, a refusal, a bad tree, an unexpected error — becomes an `isError`
 * result with the message, what to do and the details, and the server goes on serving.
 */
export async function callTool(tool: AgentTool, args: unknown, env: () => AgentToolEnv): Promise<CallToolResult> {
  try {
    return toCallResult(await runAgentTool(tool, args, env()), false);
  } catch (error) {
    return toCallResult(toolErrorResult(error, tool, args), true);
  }
}

function toCallResult(result: AgentToolResult, isError: boolean): CallToolResult {
  return {
    content: [{ type: 'text', text: result.text }],
    structuredContent: result.structured,
    ...(isError ? { isError: true } : {}),
  };
}
