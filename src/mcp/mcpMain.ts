import { serveStdio, type McpServerOptions } from './mcpServer';

/**
 * dist/mcp.js: the MCP server and the SDK in a bundle of their own, loaded only by `coord mcp`, so that every
 * other command's bundle (dist/coord.js) stays small.
 */
export function runMcpServer(options: McpServerOptions): Promise<never> {
  return serveStdio(options);
}
