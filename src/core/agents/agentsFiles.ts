import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { agentInstructionsBlock } from './agentInstructions';
import { writeFileAtomic } from '../store/atomicFile';
import { errnoCode, ioError } from '../store/errors';
import { upsertMarkedBlock } from './markedBlock';

export type AgentsFileAction = 'created' | 'updated' | 'unchanged' | 'imports AGENTS.md';

export interface AgentsFileResult {
  file: string;
  action: AgentsFileAction;
}

/** A CLAUDE.md line importing AGENTS.md (Claude Code expands `@path` lines): it then reads the section there. */
const importsAgents = /^@(\.\/)?AGENTS\.md\s*$/m;

/**
 * Writes the agent instructions into the instruction files at `root`, touching nothing else in them:
 * - AGENTS.md (read by Codex, Copilot, Cursor and most agents) gets the marked section, created if absent;
 * - CLAUDE.md, which Claude Code reads instead: one that imports `@AGENTS.md` is left alone; one that does not
 *   gets the same section; none at all is created holding just that import, so both files share one section.
 */
export function writeAgentsFiles(root: string): AgentsFileResult[] {
  const agents = join(root, 'AGENTS.md');
  const claude = join(root, 'CLAUDE.md');
  const results = [upsertSection(agents)];
  const claudeText = readIfPresent(claude);
  if (claudeText === undefined) {
    writeFileAtomic(claude, '@AGENTS.md\n');
    results.push({ file: claude, action: 'created' });
  } else if (importsAgents.test(claudeText)) {
    results.push({ file: claude, action: 'imports AGENTS.md' });
  } else {
    results.push(upsertSection(claude));
  }
  return results;
}

function upsertSection(file: string): AgentsFileResult {
  const current = readIfPresent(file);
  const next = upsertMarkedBlock(current ?? '', agentInstructionsBlock, { insert: 'end' }, file);
  if (next === current) return { file, action: 'unchanged' };
  // Through a link to the file it names: replacing the link itself would cut it.
  writeFileAtomic(current === undefined ? file : realpathSync(file), next);
  return { file, action: current === undefined ? 'created' : 'updated' };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('read', file, error);
  }
}
