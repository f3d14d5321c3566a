import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExclusive, safeUnlink, toJson, writeFileAtomic } from '../../../src/core/store/atomicFile';
import { CoordError } from '../../../src/core/store/errors';
import { makeTempDir } from '../../helpers/tempTree';

describe('atomicFile', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('toJson writes indented JSON ending in a newline', () => {
    assert.equal(toJson({ a: 1, b: [2] }), '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}\n');
  });

  describe('writeFileAtomic', () => {
    it('creates missing folders and writes the content', () => {
      const path = join(dir, 'a', 'b', 'c.json');
      writeFileAtomic(path, 'hello');
      assert.equal(readFileSync(path, 'utf8'), 'hello');
    });

    it('replaces an existing file and leaves no temporary file behind', () => {
      const path = join(dir, 'x.json');
      writeFileAtomic(path, 'one');
      writeFileAtomic(path, 'two');
      assert.equal(readFileSync(path, 'utf8'), 'two');
      assert.deepEqual(readdirSync(dir), ['x.json']);
    });

    it('fails with an io error naming the path, and cleans up its temporary file', () => {
      const blocker = join(dir, 'file');
      writeFileSync(blocker, 'not a folder');
      const path = join(blocker, 'x.json');
      assert.throws(
        () => writeFileAtomic(path, 'data'),
        (e: unknown) =>
          e instanceof CoordError &&
          e.code === 'io' &&
          e.message.includes(path) &&
          e.message.startsWith('could not write'),
      );
      const target = join(dir, 'folder');
      mkdirSync(join(target, 'x.json'), { recursive: true });
      assert.throws(
        () => writeFileAtomic(join(target, 'x.json'), 'data'),
        (e: unknown) => e instanceof CoordError && e.code === 'io',
      );
      assert.deepEqual(readdirSync(target), ['x.json']);
    });
  });

  describe('createExclusive', () => {
    it('creates a file that does not exist yet', () => {
      const path = join(dir, 'sub', 'claim.json');
      assert.equal(createExclusive(path, 'first'), true);
      assert.equal(readFileSync(path, 'utf8'), 'first');
    });

    it('refuses to replace an existing file and keeps its content', () => {
      const path = join(dir, 'claim.json');
      assert.equal(createExclusive(path, 'first'), true);
      assert.equal(createExclusive(path, 'second'), false);
      assert.equal(readFileSync(path, 'utf8'), 'first');
    });

    it('leaves only the target behind, win or lose', () => {
      const path = join(dir, 'claim.json');
      createExclusive(path, 'first');
      createExclusive(path, 'second');
      assert.deepEqual(readdirSync(dir), ['claim.json']);
    });

    it('fails with an io error naming the path when the folder cannot be made', () => {
      writeFileSync(join(dir, 'file'), '');
      const path = join(dir, 'file', 'claim.json');
      assert.throws(
        () => createExclusive(path, 'x'),
        (e: unknown) => e instanceof CoordError && e.code === 'io' && e.message.includes(path),
      );
    });
  });

  describe('safeUnlink', () => {
    it('says whether it removed something', () => {
      const path = join(dir, 'x');
      writeFileSync(path, '');
      assert.equal(safeUnlink(path), true);
      assert.equal(existsSync(path), false);
      assert.equal(safeUnlink(path), false);
    });
  });
});
