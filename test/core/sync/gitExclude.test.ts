import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findGitCheckout } from '../../../src/core/store/gitCheckout';
import { ensureTreeExcluded } from '../../../src/core/sync/gitExclude';
import { makeTempDir } from '../../helpers/tempTree';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

describe('gitCheckout and gitExclude', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir('coord-exclude-')));
  afterEach(() => cleanup());

  it('outside git there is no checkout and nothing to exclude', () => {
    assert.equal(findGitCheckout(dir), undefined);
    assert.deepEqual(ensureTreeExcluded(dir), { added: false });
  });

  it('lists the tree once in info/exclude, relative to the top of the checkout, keeping what was there', () => {
    git(dir, 'init', '-q');
    writeFileSync(join(dir, '.git', 'info', 'exclude'), '*.log');
    const sub = join(dir, 'packages', 'app');
    mkdirSync(sub, { recursive: true });
    const first = ensureTreeExcluded(sub);
    assert.equal(first.added, true);
    assert.equal(first.pattern, '/packages/app/docs/coordination/');
    assert.equal(ensureTreeExcluded(sub).added, false);
    const text = readFileSync(join(dir, '.git', 'info', 'exclude'), 'utf8');
    assert.match(text, /^\*\.log\n/);
    assert.equal(text.split('\n').filter((l) => l === '/packages/app/docs/coordination/').length, 1);
    mkdirSync(join(sub, 'docs', 'coordination'), { recursive: true });
    writeFileSync(join(sub, 'docs', 'coordination', 'x.json'), '{}');
    assert.equal(git(dir, 'status', '--porcelain', '--untracked-files=all'), '');
  });

  it("a linked worktree writes to the repository's shared exclude file", () => {
    const main = join(dir, 'main');
    git(dir, 'init', '-q', main);
    git(main, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'x');
    const wt = join(dir, 'wt');
    git(main, 'worktree', 'add', '-q', wt);
    const checkout = findGitCheckout(wt);
    assert.equal(checkout?.topLevel, wt);
    assert.equal(checkout?.commonDir, join(main, '.git'));
    assert.equal(ensureTreeExcluded(wt).file, join(main, '.git', 'info', 'exclude'));
  });
});
