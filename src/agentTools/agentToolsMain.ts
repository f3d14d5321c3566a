import { openContext } from '../core/records/context';
import type { SyncSettings } from '../core/sync/syncSettings';
import type { SessionKind } from '../core/records/session';
import type { AgentToolResult } from './agentTool';
import { runAgentTool } from './runAgentTool';
import { toolErrorResult } from './toolError';
import { WordedToolError } from './wordedToolError';
import { agentTools } from './toolList';

/**
 * dist/agentTools.js: the tools for VS Code's language-model tools, in a bundle of their own that the extension
 * requires on the first tool call — their definitions and descriptions would otherwise cost every activation
 * (dist/extension.js has a size budget). Only plain values and callbacks cross between the two bundles.
 */
export interface AgentToolHost {
  rootPath: string;
  /** The session calls act as when they name none (this window's). */
  session(): string | undefined;
  adopt(sessionId: string): Promise<void>;
  touched(paths: string[]): void;
  defaultKind: SessionKind;
  /** The folder's sync settings (sync disabled where the window may not run git), so claims are confirmed on its remote. */
  syncSettings: SyncSettings;
}

/** What a confirmation needs to know of a call, before it runs. */
export function describeAgentToolCall(
  name: string,
  input: unknown,
): { title: string; mutating: boolean; what: string } {
  const tool = findTool(name);
  const parsed = tool.input.safeParse(input ?? {});
  return {
    title: tool.title,
    mutating: tool.mutating,
    what: parsed.success && tool.describeCall ? tool.describeCall(parsed.data) : tool.title,
  };
}

/** Runs a tool; a failure is thrown as an Error whose message has what happened, what to do and the details. */
export async function invokeAgentTool(name: string, input: unknown, host: AgentToolHost): Promise<AgentToolResult> {
  const tool = findTool(name);
  try {
    return await runAgentTool(tool, input, {
      ctx: openContext(host.rootPath),
      actingSession: (explicit) => explicit ?? host.session(),
      adopt: (id) => host.adopt(id),
      defaultKind: host.defaultKind,
      touched: (paths) => host.touched(paths),
      syncSettings: host.syncSettings,
    });
  } catch (error) {
    throw new WordedToolError(toolErrorResult(error, tool, input).text);
  }
}

function findTool(name: string) {
  const tool = agentTools.find((t) => t.name === name);
  if (!tool) throw new Error(`unknown coordination tool ${JSON.stringify(name)}`);
  return tool;
}
