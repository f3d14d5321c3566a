import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AgentToolEnv } from '../agentTools/agentTool';
import { agentTools } from '../agentTools/toolList';
import { toolJsonSchema } from '../agentTools/toolJsonSchema';
import { callTool } from './mcpToolCall';
import { McpStdioTransport } from './mcpStdioTransport';
import { McpSessionState } from './mcpSessionState';
import { mcpToolEnv } from './mcpToolEnv';
import { beatAgentSession } from '../core/operations/agentBeat';
import { renewalsReached } from '../core/operations/heartbeatSession';

export interface McpServerOptions {
  root: string;
  /** COORD_SESSION or --session, if the server was launched as a session. */
  session: string | undefined;
  env: Record<string, string | undefined>;
  version: string;
}

const instructions = [
  "Coordinates this repository's parallel sessions (agents and people) through files under docs/coordination/.",
  'Call status first, then register once; every tool call keeps your session alive, and heartbeat says what you are doing (it renews your claims);',
  'claim work (or claim_next_work) before you start on it; mark a finished work item done with complete_work,',
  'and release other claims when done; claims_covering says who has files before you edit them;',
  'check your inbox and answer messages. Every result says its outcome and what to do next;',
  'a refused claim names its holder and expiresAt: pick other work or message the holder.',
].join(' ');

/**
 * The MCP server over stdio. Tool listing and calls are handled here rather than by McpServer.registerTool,
 * because the tools are defined once for MCP and VS Code (src/agentTools): their JSON schemas, their input
 * checks and their error results are ours, not the SDK's.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'coord', title: 'Session Coordination', version: options.version },
    { capabilities: { tools: {} }, instructions },
  );
  const state = new McpSessionState(options.session || undefined);
  const listed: Tool[] = agentTools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toolJsonSchema(tool) as Tool['inputSchema'],
    annotations: {
      title: tool.title,
      readOnlyHint: !tool.mutating,
      destructiveHint: tool.destructive === true,
      openWorldHint: false,
    },
  }));
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.server.setRequestHandler(CallToolRequestSchema, (request) => {
    const tool = agentTools.find((t) => t.name === request.params.name);
    // An unknown name is the client's mistake, not the tool's: a protocol error, as the spec asks. Not an
    // McpError: its message already starts "MCP error -32602: ", which the client's McpError would add again.
    if (!tool) {
      const names = agentTools.map((t) => t.name).join(', ');
      const message = `unknown tool ${JSON.stringify(request.params.name)}; the tools are ${names}`;
      throw Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
    }
    // Made inside the call (a tree that cannot be opened is the call's isError result), once, and kept for the beat.
    let env: AgentToolEnv | undefined;
    return callTool(tool, request.params.arguments, () => (env ??= mcpToolEnv(options.root, state, options.env))).then(
      (result) => {
        if (env) keepAlive(env, request.params.arguments?.session);
        return result;
      },
    );
  });
  return server;
}

/**
 * An agent calling tools is an agent at work: after each call, the session it acted as gets a heartbeat when one
 * is due (at most every half interval; the last beat's action and target kept), so its claims stay renewed
 * without it thinking of heartbeat. An open connection alone never beats: an idle client must not hold claims.
 */
function keepAlive(env: AgentToolEnv, explicit: unknown): void {
  const session = env.actingSession(typeof explicit === 'string' ? explicit : undefined);
  if (!session) return;
  try {
    const beat = beatAgentSession(env.ctx, session, (renewed) => renewalsReached(env.ctx, env.syncSettings, renewed));
    // Renewals due on the remote are published in the background; the answer does not wait for git.
    void beat.publish?.();
  } catch {
    // Not a session of this tree, or ended: the call's own answer said what matters.
  }
}

/**
 * Serves until the client closes stdin, then exits. The session is left as it is: it goes stale and then gone
 * on its own if the agent does not come back (docs/decisions.md says why).
 */
export async function serveStdio(options: McpServerOptions): Promise<never> {
  const server = createMcpServer(options);
  await server.connect(new McpStdioTransport());
  return new Promise<never>(() => {
    process.stdin.once('end', () => {
      void server.close().finally(() => process.exit(0));
    });
  });
}
