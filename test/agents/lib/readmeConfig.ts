import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

/** The `.gemini/settings.json` hooks block the README's hook section gives for Gemini CLI. */
export function readmeGeminiSettings(): string {
  const text = readFileSync(readme, 'utf8');
  const m = /\*\*Gemini CLI\*\* \(`\.gemini\/settings\.json`[^\n]*\n(?:[^\n]*\n)*?```json\n([\s\S]*?)```/.exec(text);
  if (!m)
    throw new Error(
      `README.md has no Gemini CLI settings block (\`.gemini/settings.json\` then a json block): ${readme}`,
    );
  JSON.parse(m[1]!);
  return m[1]!;
}

/**
 * Fails unless what `coord init --agents` wrote in `repo` holds, to the letter, the README's blocks for these agents:
 * the hooks a user is shown are then the very hooks the suites run. (Codex's files name coord by absolute path, by
 * design, so the README shows no block of them to compare.)
 */
export function assertInitWroteReadmeBlocks(repo: string, agents: Array<'claude' | 'gemini'>): void {
  const written = (relative: string) => JSON.parse(readFileSync(join(repo, relative), 'utf8'));
  if (agents.includes('claude')) {
    assert.deepEqual(written('.claude/settings.json'), JSON.parse(readmeClaudeSettings()), "the README's Claude hooks");
    assert.deepEqual(written('.mcp.json'), JSON.parse(readmeClaudeMcpJson()), "the README's .mcp.json");
  }
  if (agents.includes('gemini')) {
    assert.deepEqual(
      written('.gemini/settings.json').hooks,
      JSON.parse(readmeGeminiSettings()).hooks,
      "the README's Gemini CLI hooks",
    );
  }
}
