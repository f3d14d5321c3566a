import assert from 'node:assert/strict';
import { cleanText } from '../../../src/core/store/cleanText';

/** Written out here, not taken from the module, so a code point dropped from the module's set fails this test. */
const invisible = [
  0x00ad,
  0x061c,
  ...range(0x200b, 0x200f),
  ...range(0x202a, 0x202e),
  ...range(0x2060, 0x2064),
  ...range(0x2066, 0x2069),
  0xfeff,
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function escaped(codePoint: number): string {
  return `\\u${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

describe('cleanText', () => {
  for (const codePoint of invisible) {
    it(`shows U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} as ${escaped(codePoint)}`, () => {
      assert.equal(cleanText(`a${String.fromCharCode(codePoint)}b`), `a${escaped(codePoint)}b`);
    });
  }

  it('shows a right-to-left override that disguises a file name', () => {
    assert.equal(cleanText('invoice\u202Efdp.exe'), 'invoice\\u202Efdp.exe');
  });

  it('escapes every occurrence, next to each other too', () => {
    assert.equal(cleanText('\u200B\u200B x \uFEFF'), '\\u200B\\u200B x \\uFEFF');
  });

  it('still replaces terminal control characters with ?', () => {
    assert.equal(cleanText('ok\u001b[2J\u009b31m\u007f'), 'ok?[2J?31m?');
  });

  it('keeps newlines, tabs and visible Unicode, right-to-left letters included', () => {
    assert.equal(cleanText('a\n\tb — ü ✓ שלום مرحبا 日本'), 'a\n\tb — ü ✓ שלום مرحبا 日本');
  });

  it('leaves the characters just outside each range alone', () => {
    for (const codePoint of [0x00ac, 0x061b, 0x200a, 0x2010, 0x2029, 0x202f, 0x205f, 0x2065, 0x206a, 0xfefe, 0xff00]) {
      const ch = String.fromCharCode(codePoint);
      assert.equal(cleanText(ch), ch, `U+${codePoint.toString(16)}`);
    }
  });
});
