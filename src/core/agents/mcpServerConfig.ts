import { coordExec, type CoordLauncher } from './agentCommand';
import { badSettings, isJsonObject, objectAt, type JsonObject } from './jsonSettingsFile';

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

/** The comment line coord puts above its table in Codex's config.toml; recognised by its start. */
const codexBeginKey = '# coord:mcp:begin';
const codexBegin = `${codexBeginKey} — written by \`coord init --agents codex\`; a rerun replaces this table`;
/** The closing line earlier versions wrote; Codex moves it to the end of the file when it saves its own tables. */
const oldCodexEnd = '# coord:mcp:end';

const anyTableHeader = /^\s*\[/;
const coordTableHeader = new RegExp(`^\\s*\\[\\s*mcp_servers\\s*\\.\\s*(${mcpServerName}|"${mcpServerName}")\\s*\\]`);

/** Codex's `[mcp_servers.coord]` table, under coord's comment line. */
export function codexMcpTable(launcher: CoordLauncher): string[] {
  const exec = coordExec(launcher, ['mcp'], true);
  return [
    codexBegin,
    `[mcp_servers.${mcpServerName}]`,
    `command = ${tomlString(exec.command)}`,
    `args = [${exec.args.map(tomlString).join(', ')}]`,
  ];
}

/**
 * The lines coord owns in Codex's config.toml: its comment line and the table under it, up to the next table's
 * header. No closing marker decides it: Codex, saving its own state (project and hook trust, TUI settings), appends
 * tables after ours and moves a trailing comment line to the very end — a closing marker would then enclose the
 * user's tables, and a rerun would delete them. Blank and comment lines before the next header belong to it.
 */
function coordTableLines(lines: readonly string[]): { from: number; to: number } | undefined {
  const from = lines.findIndex((l) => l.startsWith(codexBeginKey));
  if (from < 0) return undefined;
  let to = from;
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith(oldCodexEnd)) return { from, to: i };
    if (anyTableHeader.test(line) && !(i === from + 1 && coordTableHeader.test(line))) break;
    to = i;
  }
  while (to > from && /^\s*(#.*)?$/.test(lines[to] as string)) to--;
  return { from, to };
}

/**
 * Codex's config.toml with coord's MCP server: the table is appended (a table at the end of a TOML file cannot
 * change what the keys before it mean) or replaced in place, every other line kept. A `[mcp_servers.coord]` the
 * user wrote without coord's comment line is refused, naming the file — it is theirs.
 */
export function withCodexMcpServer(content: string, launcher: CoordLauncher, file: string): string {
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  // An earlier version's closing line, wherever Codex moved it, goes: it closes nothing any more.
  const lines = content.split(/\r?\n/);
  const owned = coordTableLines(lines);
  const outside = owned ? [...lines.slice(0, owned.from), ...lines.slice(owned.to + 1)] : lines;
  const theirs = outside.filter((l) => !l.startsWith(oldCodexEnd));
  const key = new RegExp(`^\\s*${mcpServerName}\\s*=`);
  const inTable = theirs.some((l) => /^\s*\[\s*mcp_servers\s*\]/.test(l)) && theirs.some((l) => key.test(l));
  if (theirs.some((l) => coordTableHeader.test(l)) || inTable) {
    throw badSettings(file, `already configures an MCP server "${mcpServerName}" of its own`);
  }
  const table = codexMcpTable(launcher);
  if (owned) {
    const before = lines.slice(0, owned.from);
    const after = lines.slice(owned.to + 1).filter((l) => !l.startsWith(oldCodexEnd));
    return [...before, ...table, ...after].join(eol);
  }
  if (content === '') return table.join(eol) + eol;
  return `${content.replace(/(\r?\n)*$/, '')}${eol}${eol}${table.join(eol)}${eol}`;
}
