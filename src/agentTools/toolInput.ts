import { usageError } from '../core/store/errors';
import type { AgentTool } from './agentTool';
import { describeInputIssues } from './inputIssues';
import { toolJsonSchema } from './toolJsonSchema';

/**
 * The tool's input, checked against its schema. A model that sends the wrong shape is told which field is
 * wrong and what the tool takes, so it can correct the call rather than guess. Nothing is coerced: `"true"` for a
 * boolean or `"5"` for an integer is refused, in every tool and both adapters alike.
 */
export function parseToolInput<Input>(tool: AgentTool<Input>, raw: unknown): Input {
  const input = raw ?? {};
  const result = tool.input.safeParse(input);
  if (result.success) return result.data;
  throw usageError(
    `${tool.name}: ${describeInputIssues(input, result.error.issues, integerFields(tool))}`,
    `call ${tool.name} with the fields of its input schema`,
  );
}

function integerFields(tool: AgentTool): Set<string> {
  const properties = (toolJsonSchema(tool) as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return new Set(
    Object.entries(properties)
      .filter(([, p]) => p.type === 'integer')
      .map(([name]) => name),
  );
}
