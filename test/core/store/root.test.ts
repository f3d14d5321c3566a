import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoordError } from '../../../src/core/store/errors';
import { findRoot } from '../../../src/core/store/root';
import { makeTempDir } from '../../helpers/tempTree';

describe('root', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('finds the nearest ancestor holding docs/coordination', () => {
    mkdirSync(join(dir, 'repo', 'docs', 'coordination'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'src', 'deep'), { recursive: true });
    assert.equal(findRoot(join(dir, 'repo', 'src', 'deep')), join(dir, 'repo'));
    assert.equal(findRoot(join(dir, 'repo')), join(dir, 'repo'));
  });

  it('prefers the tree over a nearer git checkout', () => {
    mkdirSync(join(dir, 'docs', 'coordination'), { recursive: true });
    mkdirSync(join(dir, 'sub', '.git'), { recursive: true });
    assert.equal(findRoot(join(dir, 'sub')), dir);
  });

  it('falls back to the nearest git checkout, a .git file (worktree) included', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'a', 'b'), { recursive: true });
    assert.equal(findRoot(join(dir, 'repo', 'a', 'b')), join(dir, 'repo'));
    mkdirSync(join(dir, 'wt', 'x'), { recursive: true });
    writeFileSync(join(dir, 'wt', '.git'), 'gitdir: /elsewhere\n');
    assert.equal(findRoot(join(dir, 'wt', 'x')), join(dir, 'wt'));
  });

  it('uses the explicit root, relative to the working folder', () => {
    mkdirSync(join(dir, 'docs', 'coordination'), { recursive: true });
    mkdirSync(join(dir, 'other'));
    assert.equal(findRoot(dir, 'other'), join(dir, 'other'));
    assert.equal(findRoot(join(dir, 'other'), dir), dir);
  });

  it('refuses an explicit root that is not a folder', () => {
    writeFileSync(join(dir, 'file'), '');
    for (const explicit of ['missing', 'file']) {
      assert.throws(
        () => findRoot(dir, explicit),
        (e: unknown) => e instanceof CoordError && e.code === 'usage' && e.message.includes(`the root "${explicit}"`),
      );
    }
  });

  it('ignores an empty explicit root', () => {
    mkdirSync(join(dir, 'docs', 'coordination'), { recursive: true });
    mkdirSync(join(dir, 'x'));
    assert.equal(findRoot(join(dir, 'x'), ''), dir);
  });
});
