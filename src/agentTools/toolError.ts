import { CoordError, remedyOf } from '../core/store/errors';
import type { Remedy } from '../core/store/remedy';
import type { AgentTool, AgentToolResult } from './agentTool';
import { remedyNext } from './remedyNext';

/**
 * A failed call as a result a model can act on, in the shape of every tool result: `outcome` (refused, invalid or
 * failed), what the call was about (the tool's `concerns`), `holder` and `expiresAt` when someone else has it, and
 * `next`, what to do now in the tools' words (the remedy worded by remedyNext; an error's hint is not shown: the
 * remedy says it for tools). `error` keeps the CLI's `--json` error fields: code, message, the machine-readable remedy, details.
 * Unexpected errors keep their message.
 */
export function toolErrorResult(error: unknown, tool?: AgentTool, rawInput?: unknown): AgentToolResult {
  const known = error instanceof CoordError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const remedy = remedyOf(error);
  const next = remedyNext(remedy, tool?.name ?? 'the tool');
  const details = known?.details;
  const holder = typeof details?.holder === 'string' ? details.holder : undefined;
  const expiresAt = typeof details?.expiresAt === 'string' ? details.expiresAt : undefined;
  const structured = {
    outcome: outcomeOf(known, remedy),
    ...concerning(tool, rawInput),
    ...(holder ? { holder } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    next,
    error: { code: known?.code ?? 'io', message, remedy, ...(details ? { details } : {}) },
  };
  const text = [
    `Error: ${message}`,
    `What to do: ${next}`,
    ...(details ? [`Details: ${JSON.stringify(details)}`] : []),
  ].join('\n');
  return { structured, text };
}

/** No session to act as is a refusal however it arose (none yet, unknown, ended), not bad input. */
function outcomeOf(error: CoordError | undefined, remedy: Remedy): string {
  if (error?.code === 'refused' || remedy.action === 'register-session') return 'refused';
  if (error?.code === 'usage') return 'invalid';
  return 'failed';
}

/** What the call was about, from its input when that input was valid (a malformed one is about nothing yet). */
function concerning(tool: AgentTool | undefined, rawInput: unknown): Record<string, unknown> {
  if (!tool?.concerns) return {};
  const parsed = tool.input.safeParse(rawInput ?? {});
  return parsed.success ? tool.concerns(parsed.data) : {};
}
