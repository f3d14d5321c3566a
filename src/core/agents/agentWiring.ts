import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomicFile';
import { errnoCode, ioError } from '../store/errors';
import type { CoordLauncher } from './agentCommand';
import { mergeAgentHooks } from './agentHooksConfig';
import type { AgentKind } from './agentKind';
import { readJsonSettings, type JsonObject } from './jsonSettingsFile';
import { mergeMcpServer, withCodexMcpServer } from './mcpServerConfig';

export interface AgentConfigResult {
  agent: AgentKind;
  file: string;
  /** What coord put there: its hooks, its MCP server, or both. */
  holds: Array<'hooks' | 'mcp'>;
  action: 'created' | 'updated' | 'unchanged';
}

export interface AgentWiringPlaces {
  /** The repository folder: project files (`.claude/`, `.mcp.json`, `.gemini/`) go there. */
  root: string;
  /** Codex's own folder (`$CODEX_HOME`, else `~/.codex`): it reads hooks there without a trust prompt. */
  codexHome: string;
}

/** A JSON file being merged: its value as read (undefined: absent) and as coord leaves it. */
interface JsonEntry {
  agent: AgentKind;
  holds: Array<'hooks' | 'mcp'>;
  value: JsonObject;
  before: JsonObject | undefined;
}

interface PlannedFile {
  agent: AgentKind;
  holds: Array<'hooks' | 'mcp'>;
  existed: boolean;
  changed: boolean;
  after: string;
}

/**
 * Writes, for each agent named, the hook and MCP configuration it needs to take part: Claude Code
 * `.claude/settings.json` (hooks) and `.mcp.json`; Codex `$CODEX_HOME/hooks.json` and `[mcp_servers.coord]` in
 * `$CODEX_HOME/config.toml` (by absolute path: its login shell resets PATH); Gemini CLI `.gemini/settings.json`
 * (hooks and `mcpServers`). Existing files are merged into, never replaced: JSON keeps every other key, the TOML
 * gets one marked table. Every file is read and checked before any is written, so a file that cannot be merged
 * (not JSON) stops the whole run with nothing changed. A rerun changes nothing.
 */
export function wireAgents(
  kinds: AgentKind[],
  places: AgentWiringPlaces,
  launcher: CoordLauncher,
): AgentConfigResult[] {
  const json = new Map<string, JsonEntry>();
  const jsonFile = (agent: AgentKind, file: string, what: 'hooks' | 'mcp'): JsonObject => {
    let entry = json.get(file);
    if (!entry) {
      const read = readJsonSettings(file);
      entry = { agent, holds: [], value: read.value, before: read.existed ? structuredClone(read.value) : undefined };
      json.set(file, entry);
    }
    entry.holds.push(what);
    return entry.value;
  };
  const planned = new Map<string, PlannedFile>();
  for (const kind of kinds) {
    if (kind === 'claude') {
      const settings = join(places.root, '.claude', 'settings.json');
      mergeAgentHooks(jsonFile(kind, settings, 'hooks'), kind, launcher, settings);
      const mcp = join(places.root, '.mcp.json');
      mergeMcpServer(jsonFile(kind, mcp, 'mcp'), launcher, mcp);
    } else if (kind === 'codex') {
      const hooks = join(places.codexHome, 'hooks.json');
      mergeAgentHooks(jsonFile(kind, hooks, 'hooks'), kind, launcher, hooks, true);
      const config = join(places.codexHome, 'config.toml');
      const before = readText(config);
      const after = withCodexMcpServer(before ?? '', launcher, config);
      const existed = before !== undefined;
      planned.set(config, { agent: kind, holds: ['mcp'], existed, changed: after !== before, after });
    } else {
      const settings = join(places.root, '.gemini', 'settings.json');
      mergeAgentHooks(jsonFile(kind, settings, 'hooks'), kind, launcher, settings);
      mergeMcpServer(jsonFile(kind, settings, 'mcp'), launcher, settings);
    }
  }
  const results: AgentConfigResult[] = [];
  for (const [file, entry] of json) {
    // Compared as values: a file laid out by hand is not rewritten when coord has nothing to add.
    const changed = entry.before === undefined || JSON.stringify(entry.before) !== JSON.stringify(entry.value);
    const after = `${JSON.stringify(entry.value, null, 2)}\n`;
    const existed = entry.before !== undefined;
    results.push(write(file, { agent: entry.agent, holds: entry.holds, existed, changed, after }));
  }
  for (const [file, plan] of planned) results.push(write(file, plan));
  return results;
}

function write(file: string, plan: PlannedFile): AgentConfigResult {
  const result = { agent: plan.agent, file, holds: [...new Set(plan.holds)] };
  if (!plan.changed) return { ...result, action: 'unchanged' };
  // Through a link to the file it names: replacing the link itself would cut it.
  writeFileAtomic(plan.existed ? realpathSync(file) : file, plan.after);
  return { ...result, action: plan.existed ? 'updated' : 'created' };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('read', file, error);
  }
}
