import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRunner } from '../../../src/core/sync/gitRunner';
import { stagedFiles } from '../../../src/core/agents/stagedFiles';
import { makeTempDir } from '../../helpers/tempTree';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

describe('stagedFiles', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    git(dir, 'init', '-q');
  });
  afterEach(() => cleanup());

  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = () => git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'x');

  it('lists what the first commit would add, before any HEAD exists', async () => {
    write('src/a.ts', 'a');
    write('odd name\n"q".ts', 'b');
    git(dir, 'add', '.');
    assert.deepEqual((await stagedFiles(new GitRunner(dir))).sort(), ['odd name\n"q".ts', 'src/a.ts']);
  });

  it('lists additions, changes, deletions and both sides of a rename, from the top even when run below it', async () => {
    write('src/core/keep.ts', 'k');
    write('src/core/old.ts', 'a long enough content for rename detection\n'.repeat(5));
    write('docs/gone.md', 'g');
    write('lib/changed.ts', '1');
    git(dir, 'add', '.');
    commit();
    git(dir, 'mv', 'src/core/old.ts', 'src/new.ts');
    git(dir, 'rm', '-q', 'docs/gone.md');
    write('lib/changed.ts', '2');
    write('lib/added.ts', '3');
    git(dir, 'add', 'lib');
    git(dir, 'config', 'diff.relative', 'true');
    assert.deepEqual((await stagedFiles(new GitRunner(join(dir, 'lib')))).sort(), [
      'docs/gone.md',
      'lib/added.ts',
      'lib/changed.ts',
      'src/core/old.ts',
      'src/new.ts',
    ]);
  });

  it("reads the index it is given (a hook's GIT_INDEX_FILE during git commit -a)", async () => {
    write('a.ts', '1');
    git(dir, 'add', '.');
    commit();
    write('a.ts', '2');
    const temp = join(dir, '.git', 'other-index');
    execFileSync('git', ['add', 'a.ts'], { cwd: dir, env: { ...process.env, GIT_INDEX_FILE: temp } });
    assert.deepEqual(await stagedFiles(new GitRunner(dir)), [], 'the real index has nothing staged');
    assert.deepEqual(await stagedFiles(new GitRunner(dir), temp), ['a.ts']);
  });
});
