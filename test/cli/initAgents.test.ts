import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coordSync } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

describe('coord init --agents (real processes)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('creates the tree and the instruction files, updates in place on a rerun and touches nothing else', () => {
    writeFileSync(join(dir, 'CLAUDE.md'), '# House rules\n\nNo force pushes.\n');
    const first = coordSync(['init', '--agents', '--json'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(
      first.json.agents.map((a: { action: string }) => a.action),
      ['created', 'updated'],
    );
    const agents = readFileSync(join(dir, 'AGENTS.md'), 'utf8');
    assert.match(agents, /^<!-- coord:agents:begin/);
    assert.match(agents, /coord claim path 'src\/x\/\*\*'/);
    const claude = readFileSync(join(dir, 'CLAUDE.md'), 'utf8');
    assert.ok(claude.startsWith('# House rules\n\nNo force pushes.\n\n<!-- coord:agents:begin'));

    writeFileSync(join(dir, 'AGENTS.md'), `# Mine\n\n${agents}\nafter\n`);
    const again = coordSync(['init', '--agents'], { cwd: dir });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /AGENTS\.md: agent instructions unchanged/);
    assert.match(again.stdout, /CLAUDE\.md: agent instructions unchanged/);
    assert.equal(readFileSync(join(dir, 'AGENTS.md'), 'utf8'), `# Mine\n\n${agents}\nafter\n`);
    assert.equal(readFileSync(join(dir, 'CLAUDE.md'), 'utf8'), claude);
  });

  it('plain init writes no instruction file', () => {
    assert.equal(coordSync(['init', '--json'], { cwd: dir }).json.agents, undefined);
    assert.throws(() => readFileSync(join(dir, 'AGENTS.md')));
  });
});
