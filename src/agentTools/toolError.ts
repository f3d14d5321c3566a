import { CoordError, remedyOf } from '../core/files/errors';
import type { AgentToolResult } from './agentTool';

/**
 * A failed call as a result a model can act on: what happened, what to do, and the facts (who holds a refused
 * claim and until when) — the CLI's `--json` error fields, with the same machine-readable `remedy`. Unexpected
 * errors keep their message.
 */
export function toolErrorResult(error: unknown): AgentToolResult {
  const known = error instanceof CoordError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const structured = {
    error: {
      code: known?.code ?? 'io', message, ...(known?.hint ? { hint: known.hint } : {}), remedy: remedyOf(error),
      ...(known?.details ? { details: known.details } : {}),
    },
  };
  const text = [
    `Error: ${message}`,
    ...(known?.hint ? [`What to do: ${known.hint}`] : []),
    ...(known?.details ? [`Details: ${JSON.stringify(known.details)}`] : []),
  ].join('\n');
  return { structured, text };
}
