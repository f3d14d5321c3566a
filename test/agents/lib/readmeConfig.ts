import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const readme = resolve(__dirname, '../../../../README.md');

/**
 * The agent configuration exactly as the README gives it to a user, read from the README itself: a test that
 * configured agents its own way would prove nothing about what users are told to do.
 */
export function readmeClaudeSettings(): string {
  const text = readFileSync(readme, 'utf8');
  const m = /\*\*Claude Code\*\* \(`\.claude\/settings\.json`[^\n]*\n(?:[^\n]*\n)*?```json\n([\s\S]*?)```/.exec(text);
  if (!m)
    throw new Error(
      `README.md has no Claude Code settings block (\`.claude/settings.json\` then a json block): ${readme}`,
    );
  JSON.parse(m[1]!);
  return m[1]!;
}

/** The `.mcp.json` the README's MCP section gives for Claude Code. */
export function readmeClaudeMcpJson(): string {
  const text = readFileSync(readme, 'utf8');
  const m = /claude mcp add coord[^\n]*in \.mcp\.json: (\{.*\})\s*$/m.exec(text);
  if (!m) throw new Error(`README.md has no .mcp.json line for Claude Code in its MCP section: ${readme}`);
  JSON.parse(m[1]!);
  return m[1]!;
}
