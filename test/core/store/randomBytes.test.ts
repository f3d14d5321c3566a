import * as assert from 'node:assert/strict';
import { randomBytes, textFingerprint } from '../../../src/core/store/randomBytes';

describe('randomBytes', () => {
  it('returns the requested number of bytes, different each time', () => {
    const a = randomBytes(16);
    const b = randomBytes(16);
    assert.equal(a.length, 16);
    assert.notDeepEqual(a, b);
  });
});

describe('textFingerprint', () => {
  it('is stable, 16 hex digits, and tells texts that differ by one character apart', () => {
    assert.match(textFingerprint('claim'), /^[0-9a-f]{16}$/);
    assert.equal(textFingerprint('{"a":1}'), textFingerprint('{"a":1}'));
    assert.notEqual(textFingerprint('{"a":1}'), textFingerprint('{"a":2}'));
    assert.notEqual(textFingerprint(''), textFingerprint(' '));
  });
});
