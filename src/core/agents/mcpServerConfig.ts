import { coordExec, type CoordLauncher } from './agentCommand';
import { badSettings, isJsonObject, objectAt, type JsonObject } from './jsonSettingsFile';
import { upsertMarkedBlock, type MarkedBlock } from './markedBlock';

/** The name coord's MCP server goes by in every agent's configuration (tools `mcp__coord__claim`, …). */
export const mcpServerName = 'coord';

/**
 * Puts `coord mcp` into `mcpServers.coord` of a JSON settings object (Claude Code's `.mcp.json`, Gemini CLI's
 * settings): the command and its arguments are coord's; any other field the user gave the entry (env, timeout) is
 * kept. Changes `settings` in place.
 */
export function mergeMcpServer(settings: JsonObject, launcher: CoordLauncher, file: string): void {
  const servers = objectAt(settings, 'mcpServers', file, 'mcpServers');
  const current = servers[mcpServerName];
  if (current !== undefined && !isJsonObject(current)) {
    throw badSettings(file, `has "mcpServers.${mcpServerName}" that is not an object`);
  }
  servers[mcpServerName] = { ...(current ?? {}), ...coordExec(launcher, ['mcp']) };
}

function tomlString(text: string): string {
  return JSON.stringify(text);
}

/** Codex's `[mcp_servers.coord]` table, between markers so a rerun replaces it and nothing else. */
export function codexMcpBlock(launcher: CoordLauncher): MarkedBlock {
  const exec = coordExec(launcher, ['mcp'], true);
  return {
    begin: '# coord:mcp:begin — written by `coord init --agents codex`; a rerun replaces what is between these lines',
    end: '# coord:mcp:end',
    body: [
      `[mcp_servers.${mcpServerName}]`,
      `command = ${tomlString(exec.command)}`,
      `args = [${exec.args.map(tomlString).join(', ')}]`,
    ].join('\n'),
  };
}

/**
 * Codex's config.toml with coord's MCP server: the marked table is appended (a table at the end of a TOML file
 * cannot change what the keys before it mean) or replaced in place. A `[mcp_servers.coord]` the user wrote
 * outside the markers is refused, naming the file — it is theirs.
 */
export function withCodexMcpServer(content: string, launcher: CoordLauncher, file: string): string {
  const block = codexMcpBlock(launcher);
  const outside = stripBlock(content, block);
  const header = new RegExp(`^\\s*\\[\\s*mcp_servers\\s*\\.\\s*(${mcpServerName}|"${mcpServerName}")\\s*\\]`, 'm');
  const key = new RegExp(`^\\s*${mcpServerName}\\s*=`, 'm');
  const inTable = /^\s*\[\s*mcp_servers\s*\]/m.test(outside) && key.test(outside);
  if (header.test(outside) || inTable) {
    throw badSettings(file, `already configures an MCP server "${mcpServerName}" of its own`);
  }
  return upsertMarkedBlock(content, block, { insert: 'end' }, file);
}

/** `content` without the lines of `block` (from its begin marker to its end marker). */
function stripBlock(content: string, block: MarkedBlock): string {
  const lines = content.split(/\r?\n/);
  const begin = lines.findIndex((l) => l.startsWith('# coord:mcp:begin'));
  const end = begin < 0 ? -1 : lines.findIndex((l, i) => i > begin && l.startsWith(block.end));
  return begin < 0 || end < 0 ? content : [...lines.slice(0, begin), ...lines.slice(end + 1)].join('\n');
}
