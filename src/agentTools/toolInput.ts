import { usageError } from '../core/files/errors';
import { describeIssues, type SchemaIssue } from '../core/files/schemaIssues';
import type { AgentTool } from './agentTool';

/**
 * The tool's input, checked against its schema. A model that sends the wrong shape is told which field is
 * wrong and what the tool takes, so it can correct the call rather than guess.
 */
export function parseToolInput<Input>(tool: AgentTool<Input>, raw: unknown): Input {
  const input = raw ?? {};
  const result = tool.input.safeParse(input);
  if (result.success) return result.data;
  const missing = result.error.issues.filter((i) => i.code === 'invalid_type' && valueAt(input, i) === undefined).map((i) => i.path.join('.'));
  const others = result.error.issues.filter((i) => !(i.code === 'invalid_type' && valueAt(input, i) === undefined));
  const problems = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(others.length ? [describeIssues(others)] : [])];
  throw usageError(`${tool.name}: ${problems.join('; ')}`, `call ${tool.name} with the fields of its input schema`);
}

function valueAt(input: unknown, issue: SchemaIssue): unknown {
  let value = input;
  for (const key of issue.path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
