import type { AgentTool, AgentToolEnv, AgentToolResult } from './agentTool';
import { parseToolInput } from './toolInput';

/** Checks the input, then runs the tool; failures are thrown for the adapter to present its own way. */
export async function runAgentTool(tool: AgentTool, raw: unknown, env: AgentToolEnv): Promise<AgentToolResult> {
  return tool.run(parseToolInput(tool, raw), env);
}
