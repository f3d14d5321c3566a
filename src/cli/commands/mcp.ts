import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CoordError } from '../../core/store/errors';
import { rejectExtra } from '../args';
import type { Command } from '../command';

declare const COORD_VERSION: string | undefined;

/**
 * `coord mcp`: loads the MCP server from dist/mcp.js, next to this bundle, at run time — the SDK is large, and
 * no other command should pay for it. The path is computed so the bundler leaves it alone; a plain require
 * rather than import(): this bundle runs through vm.Script, which has no loader for import().
 */
const usage = 'coord mcp';

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve the coordination tools to an AI agent over MCP (stdio)',
  usage,
  details: [
    'An MCP server on standard input and output, for agents such as Claude Code (`claude mcp add coord -- coord mcp`) and Codex.',
    'Tools: status, register, claim_next_work, claim, heartbeat, renew, release, send, inbox, read.',
    "It acts as the session its register tool made, else COORD_SESSION (or --session), else the session the agent's",
    'SessionStart hook registered (coord hook --register, found through the agent process); it runs until the client',
    'closes standard input, and leaves the session as it is then (it goes stale and gone without heartbeats).',
  ].join('\n'),
  needsTree: false,
  run({ root, session, env, positionals }) {
    rejectExtra(positionals, 0, usage);
    const bundle = join(__dirname, 'mcp.js');
    if (!existsSync(bundle))
      throw new CoordError(
        'io',
        `the MCP server bundle ${bundle} is missing`,
        'run `npm run build`, and run coord from dist/cli.js',
        undefined,
        { action: 'check-file-system', path: bundle },
      );
    const load = require as (id: string) => typeof import('../../mcp/mcpMain');
    const { runMcpServer } = load(bundle);
    return runMcpServer({
      root,
      session: session || undefined,
      env,
      version: typeof COORD_VERSION === 'string' ? COORD_VERSION : 'dev',
    });
  },
};
