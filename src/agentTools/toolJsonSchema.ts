import * as z from 'zod/mini';
import type { AgentTool } from './agentTool';

/**
 * The JSON schema both adapters declare for a tool's input: the MCP server lists it, and package.json's
 * `languageModelTools` must hold the same (a test compares them). Without `$schema`: VS Code and older MCP
 * clients read the schema as plain JSON Schema, and the draft is not theirs to choose.
 */
export function toolJsonSchema(tool: AgentTool): Record<string, unknown> {
  const { $schema: _draft, ...schema } = z.toJSONSchema(tool.input as unknown as z.ZodMiniType, {
    io: 'input',
  }) as Record<string, unknown>;
  return schema;
}
