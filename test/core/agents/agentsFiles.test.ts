import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { agentInstructionsBlock } from '../../../src/core/agents/agentInstructions';
import { writeAgentsFiles } from '../../../src/core/agents/agentsFiles';
import { makeTempDir } from '../../helpers/tempTree';

const section = `${agentInstructionsBlock.begin}\n${agentInstructionsBlock.body}\n${agentInstructionsBlock.end}\n`;

describe('agentsFiles', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  it('creates AGENTS.md with the section and CLAUDE.md importing it; a rerun changes nothing', () => {
    assert.deepEqual(
      writeAgentsFiles(dir).map((r) => r.action),
      ['created', 'created'],
    );
    assert.equal(read('AGENTS.md'), section);
    assert.equal(read('CLAUDE.md'), '@AGENTS.md\n');
    assert.deepEqual(
      writeAgentsFiles(dir).map((r) => r.action),
      ['unchanged', 'imports AGENTS.md'],
    );
    assert.equal(read('AGENTS.md'), section);
  });

  it('the section tells an agent to start, claim paths, beat, read messages, release and stop', () => {
    for (const needle of [
      'coord start',
      "coord claim path 'src/x/**'",
      'coord heartbeat',
      'coord hook',
      'coord release',
      'coord stop',
    ]) {
      assert.ok(agentInstructionsBlock.body.includes(needle), needle);
    }
  });

  it('the section has an agent whose hook greeting named its session act as it, never start a second one', () => {
    const { body } = agentInstructionsBlock;
    const step = body.slice(body.indexOf('1. **'), body.indexOf('2. **'));
    // Codex and Gemini CLI agents registered by their SessionStart hook have no COORD_SESSION in their shell.
    assert.match(step, /if a `\[coord\]` message already named your session, you are that session/);
    assert.match(step, /`--session <id>` on every command\) and never start another/);
    assert.match(step, /Only with\s+no such message and no `COORD_SESSION`, run `coord start/);
    assert.doesNotMatch(body, /if `COORD_SESSION` is not set, run `coord start/);
  });

  it('the section names the MCP tools beside the CLI: look, claim, and a finished item done, not released', () => {
    const { body } = agentInstructionsBlock;
    for (const tool of ['claims_covering', 'claim', 'claim_next_work', 'complete_work', 'release']) {
      assert.ok(body.includes(`\`${tool}\``), tool);
    }
    assert.match(body, /`coord work done <id>` \(`complete_work`\) — done, not released/);
    assert.match(body, /`coord claims --covering <file>` \(`claims_covering`\)/);
  });

  it('adds the section to an existing AGENTS.md and replaces an outdated one in place, leaving the rest byte for byte', () => {
    writeFileSync(join(dir, 'AGENTS.md'), '# Rules\n\nUse tabs.\n');
    writeFileSync(join(dir, 'CLAUDE.md'), '# Claude\n\nBe brief.\n');
    assert.deepEqual(
      writeAgentsFiles(dir).map((r) => r.action),
      ['updated', 'updated'],
    );
    assert.equal(read('AGENTS.md'), `# Rules\n\nUse tabs.\n\n${section}`);
    assert.equal(read('CLAUDE.md'), `# Claude\n\nBe brief.\n\n${section}`);

    const outdated = `# Rules\n\n${agentInstructionsBlock.begin}\nold advice\n${agentInstructionsBlock.end}\n\n## After\nkeep me\n`;
    writeFileSync(join(dir, 'AGENTS.md'), outdated);
    assert.equal(writeAgentsFiles(dir)[0]?.action, 'updated');
    assert.equal(read('AGENTS.md'), `# Rules\n\n${section}\n## After\nkeep me\n`);
    assert.equal(read('CLAUDE.md'), `# Claude\n\nBe brief.\n\n${section}`, 'unchanged on the rerun');
  });

  it('leaves a CLAUDE.md that imports AGENTS.md untouched', () => {
    writeFileSync(join(dir, 'CLAUDE.md'), '# Claude\n@./AGENTS.md\n');
    assert.equal(writeAgentsFiles(dir)[1]?.action, 'imports AGENTS.md');
    assert.equal(read('CLAUDE.md'), '# Claude\n@./AGENTS.md\n');
  });

  it('writes through a symbolic link to the file it names', () => {
    writeFileSync(join(dir, 'real.md'), 'mine\n');
    symlinkSync('real.md', join(dir, 'AGENTS.md'));
    writeAgentsFiles(dir);
    assert.ok(lstatSync(join(dir, 'AGENTS.md')).isSymbolicLink());
    assert.equal(read('real.md'), `mine\n\n${section}`);
  });
});
