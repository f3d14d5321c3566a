import assert from 'node:assert/strict';
import { CoordError } from '../../../src/core/store/errors';
import { assertSlug, isSlug, maxSlugLength, slugify, slugProblem } from '../../../src/core/store/slug';

describe('slug', () => {
  describe('isSlug', () => {
    it('accepts lowercase letters, digits, dots, underscores and dashes', () => {
      for (const value of ['a', '0', 'issue-42', 'v1.2_rc', 'builder-x7k2pq', 'a'.repeat(maxSlugLength)]) {
        assert.equal(isSlug(value), true, value);
      }
    });

    it('rejects anything that could leave the tree or look like an option', () => {
      for (const value of [
        '',
        '-rf',
        '.hidden',
        '..',
        'a..b',
        'a/b',
        'a\\b',
        'A',
        'with space',
        'é',
        'x\u0000',
        'a'.repeat(maxSlugLength + 1),
        '_x',
      ]) {
        assert.equal(isSlug(value), false, JSON.stringify(value));
      }
    });
  });

  describe('slugProblem', () => {
    it('is undefined for a slug', () => {
      assert.equal(slugProblem('ok-1'), undefined);
    });

    it('names what is wrong', () => {
      assert.equal(slugProblem(''), 'is empty');
      assert.match(slugProblem('a'.repeat(65)) ?? '', /longer than 64/);
      assert.match(slugProblem('-x') ?? '', /must start with a letter a–z or a digit, not "-"/);
      assert.match(
        slugProblem('É42') ?? '',
        /^is not a slug: it contains "É" \(a slug has only lowercase letters a–z, digits/,
      );
      assert.match(slugProblem('x\u{1F600}') ?? '', /contains "\u{1F600}"/u);
      assert.match(slugProblem('a..b') ?? '', /must not contain "\.\."/);
      assert.match(slugProblem('a/b') ?? '', /contains "\/"/);
      assert.match(slugProblem('aB') ?? '', /contains "B"/);
    });
  });

  describe('assertSlug', () => {
    it('returns the value when it is a slug', () => {
      assert.equal(assertSlug('claim name', 'auth'), 'auth');
    });

    it('throws a usage error naming the argument and the value', () => {
      assert.throws(
        () => assertSlug('claim type', '../etc'),
        (error: unknown) =>
          error instanceof CoordError && error.code === 'usage' && /claim type "\.\.\/etc"/.test(error.message),
      );
    });
  });

  describe('slugify', () => {
    it('turns free text into a slug', () => {
      assert.equal(slugify('Fix the Login Page!'), 'fix-the-login-page');
      assert.equal(slugify('  --Hello__World--  '), 'hello-world');
    });

    it('drops accents instead of splitting words on them', () => {
      assert.equal(slugify('Crème brûlée'), 'creme-brulee');
      assert.equal(slugify('Zoë'), 'zoe');
    });

    it('cuts at the maximum length without a trailing dash', () => {
      const slug = slugify('abcde fghij', 6);
      assert.equal(slug, 'abcde');
      assert.ok(slugify('x'.repeat(100)).length <= 40);
    });

    it('falls back when nothing is left', () => {
      assert.equal(slugify('!!!'), 'x');
      assert.equal(slugify('日本語', 40, 'session'), 'session');
    });

    it('always yields a slug', () => {
      for (const text of ['Ünïcödé', '...', 'a'.repeat(200), '  ', 'Tab\there', '-lead']) {
        assert.equal(isSlug(slugify(text)), true, text);
      }
    });
  });
});
