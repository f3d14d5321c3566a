import assert from 'node:assert/strict';
import { globsOverlap, normalizePathGlob, pathMatchesGlob } from '../../../src/core/records/pathGlob';
import { coordError } from '../../helpers/coordError';

describe('pathGlob', () => {
  describe('normalizePathGlob', () => {
    it('gives one spelling: no ./, no empty or . segments, no trailing /, ** runs folded', () => {
      assert.equal(normalizePathGlob('./src//core/./'), 'src/core');
      assert.equal(normalizePathGlob('src/**/**/x.ts'), 'src/**/x.ts');
      assert.equal(normalizePathGlob('src/{a,b}/*.ts'), 'src/{a,b}/*.ts');
    });

    it('refuses what cannot name files in the repository, saying what is wrong', () => {
      assert.throws(() => normalizePathGlob(''), coordError('usage', /empty/));
      assert.throws(() => normalizePathGlob('/etc/passwd'), coordError('usage', /absolute/));
      assert.throws(() => normalizePathGlob('C:/x'), coordError('usage', /absolute/));
      assert.throws(() => normalizePathGlob('src/../../x'), coordError('usage', /"\.\."/));
      assert.throws(() => normalizePathGlob('{src,..}/x'), coordError('usage', /"\.\." inside braces/));
      assert.throws(() => normalizePathGlob('src\\core'), coordError('usage', /"\\"/));
      assert.throws(() => normalizePathGlob('src/{a,b'), coordError('usage', /"\{" without/));
      assert.throws(() => normalizePathGlob('src/a}'), coordError('usage', /"\}" without/));
      assert.throws(() => normalizePathGlob('src/[ab'), coordError('usage', /"\[" without/));
      assert.throws(() => normalizePathGlob('src/[a/b]'), coordError('usage', /"\[" without/));
      assert.throws(() => normalizePathGlob('a\nb'), coordError('usage', /control character/));
      assert.throws(() => normalizePathGlob('./'), coordError('usage', /names no file/));
      assert.throws(
        () => normalizePathGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}'),
        coordError('usage', /more than 256 alternatives/),
      );
    });
  });

  describe('globsOverlap', () => {
    const overlapping: [string, string][] = [
      ['src/core/**', 'src/core/a.ts'],
      ['src/core/**', 'src/**/claims.ts'],
      ['src/**', '**/*.ts'],
      ['**', 'README.md'],
      // A folder named plainly covers its files, as in .gitignore.
      ['src/core', 'src/core/a.ts'],
      ['src/core', 'src/core/deep/er/b.ts'],
      ['src/*', 'src/core/a.ts'],
      // ** matches no folder at all.
      ['src/**/a.ts', 'src/a.ts'],
      ['**/test/**', 'test/x.ts'],
      ['src/*.ts', 'src/*.ts'],
      ['src/a*.ts', 'src/*b.ts'],
      ['src/{core,cli}/**', 'src/cli/run.ts'],
      ['src/{core/x,cli}', 'src/core/x/y.ts'],
      ['{a,b}/{c,d}', 'b/d'],
      ['src/[a-c]*.ts', 'src/b1.ts'],
      ['src/[!a]x', 'src/?x'],
      ['src/[abc].ts', 'src/[c-e].ts'],
      ['src/?.ts', 'src/x.ts'],
      ['*', 'anything/below'],
      ['a/**/b/**/c', 'a/x/b/y/b/c'],
      ['src/ré/*.ts', 'src/ré/a.ts'],
    ];
    const disjoint: [string, string][] = [
      ['src/core/**', 'src/cli/**'],
      ['src/core/a.ts', 'src/core/b.ts'],
      ['src/*.ts', 'src/*.js'],
      // `*` is part of one folder name: it never spans a `/`.
      ['src/*.ts', 'src/x/y.js'],
      ['src/{core,cli}/**', 'src/extension/**'],
      ['src/[a-c].ts', 'src/[d-f].ts'],
      ['src/[!a].ts', 'src/a.ts'],
      ['src/?.ts', 'src/ab.ts'],
      ['src/a*', 'src/b*'],
      ['test/**', 'src/test/x'],
      ['a/b/c', 'a/b'.concat('x')],
      ['src/core/a.ts', 'src/core'.concat('x/a.ts')],
    ];
    for (const [a, b] of overlapping) {
      it(`${a} overlaps ${b}`, () => {
        assert.equal(globsOverlap(a, b), true);
        assert.equal(globsOverlap(b, a), true, 'overlap is symmetric');
      });
    }
    for (const [a, b] of disjoint) {
      it(`${a} does not overlap ${b}`, () => {
        assert.equal(globsOverlap(a, b), false);
        assert.equal(globsOverlap(b, a), false, 'overlap is symmetric');
      });
    }

    it('a file glob covers what would be below it, as a .gitignore line does', () => {
      // `src/a.ts` could name a folder; the claim then covers its files, so a glob reaching below it overlaps.
      assert.equal(globsOverlap('src/a.ts', 'src/*/a.ts'), true);
    });

    it('a folder glob and a file under it overlap, in both orders of claiming', () => {
      assert.equal(globsOverlap('docs', 'docs/guide/intro.md'), true);
      assert.equal(globsOverlap('docs/guide/intro.md', 'docs/**'), true);
      // A file is not covered by a glob of a sibling folder whose name starts the same.
      assert.equal(globsOverlap('docs', 'docs-old/intro.md'), false);
    });
  });

  describe('pathMatchesGlob', () => {
    it('matches files covered by the glob, and nothing else', () => {
      assert.equal(pathMatchesGlob('src/core/a.ts', 'src/core/**'), true);
      assert.equal(pathMatchesGlob('src/core/a.ts', 'src/core'), true);
      assert.equal(pathMatchesGlob('src/core/deep/a.ts', 'src/*/deep'), true);
      assert.equal(pathMatchesGlob('src/core.ts', 'src/core'), false);
      assert.equal(pathMatchesGlob('src/cli/a.ts', 'src/core/**'), false);
      assert.equal(pathMatchesGlob('src/x.ts', 'src/{a,x}.ts'), true);
      assert.equal(pathMatchesGlob('src/y.ts', 'src/{a,x}.ts'), false);
    });

    it('takes `*` as one non-empty folder name', () => {
      assert.equal(pathMatchesGlob('src/a.ts', 'src/*/a.ts'), false);
      assert.equal(pathMatchesGlob('src/x/y/a.ts', 'src/*/a.ts'), false);
      assert.equal(pathMatchesGlob('src/x/a.ts', 'src/*/a.ts'), true);
    });

    it('reads glob characters in a file name as themselves', () => {
      assert.equal(pathMatchesGlob('pages/[id].tsx', 'pages/*.tsx'), true);
      assert.equal(pathMatchesGlob('pages/*.tsx', 'pages/a.tsx'), false, 'a file named "*.tsx" is not every file');
      assert.equal(pathMatchesGlob('src/a?b', 'src/a?b'), true);
      assert.equal(pathMatchesGlob('src/axb', 'src/a?b'), true);
    });

    it('takes the empty path as no file', () => {
      assert.equal(pathMatchesGlob('', '**'), false);
    });
  });
});
