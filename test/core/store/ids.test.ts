import assert from 'node:assert/strict';
import {
  messageIdPattern,
  messageIdTime,
  newMessageId,
  newSessionId,
  newWorkId,
  randomPart,
} from '../../../src/core/store/ids';
import { isSlug } from '../../../src/core/store/slug';

describe('ids', () => {
  const t0 = Date.parse('2026-11-21T12:00:00.000Z');

  describe('newMessageId', () => {
    it('is 26 characters of the Crockford alphabet and a slug', () => {
      const id = newMessageId(t0);
      assert.equal(id.length, 26);
      assert.match(id, messageIdPattern);
      assert.equal(isSlug(id), true);
      assert.doesNotMatch(id, /[ilou]/);
    });

    it('carries its time, which messageIdTime reads back', () => {
      for (const ms of [0, 1, t0, t0 + 123, 2 ** 40 + 7]) {
        assert.equal(messageIdTime(newMessageId(ms)), ms);
      }
    });

    it('sorts by time', () => {
      const ids = [t0 + 5000, t0, t0 + 1, t0 + 999_999, t0 + 31, t0 + 32].map((ms) => ({ ms, id: newMessageId(ms) }));
      const byId = [...ids].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => x.ms);
      const byTime = [...ids].sort((a, b) => a.ms - b.ms).map((x) => x.ms);
      assert.deepEqual(byId, byTime);
    });

    it('never repeats within one millisecond', () => {
      const ids = new Set(Array.from({ length: 2000 }, () => newMessageId(t0)));
      assert.equal(ids.size, 2000);
    });
  });

  describe('randomPart', () => {
    it('has the requested length and uses only the id alphabet', () => {
      const part = randomPart(64);
      assert.equal(part.length, 64);
      assert.match(part, /^[0-9a-hjkmnp-tv-z]+$/);
    });
  });

  describe('newSessionId', () => {
    it('is the slug of the name and a random suffix', () => {
      const id = newSessionId('Backend Builder');
      assert.match(id, /^backend-builder-[0-9a-hjkmnp-tv-z]{6}$/);
      assert.equal(isSlug(id), true);
    });

    it('falls back to "session" for a name without letters or digits, and stays a slug for long names', () => {
      assert.match(newSessionId('???'), /^session-[0-9a-z]{6}$/);
      const long = newSessionId('n'.repeat(300));
      assert.equal(isSlug(long), true);
      assert.ok(long.length <= 47);
    });

    it('differs between two sessions of one name', () => {
      assert.notEqual(newSessionId('agent'), newSessionId('agent'));
    });
  });

  describe('newWorkId', () => {
    it('is the slug of the title and a random suffix', () => {
      assert.match(newWorkId('Fix login'), /^fix-login-[0-9a-hjkmnp-tv-z]{4}$/);
      assert.match(newWorkId(''), /^work-[0-9a-z]{4}$/);
    });
  });
});
