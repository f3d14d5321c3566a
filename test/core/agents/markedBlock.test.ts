import assert from 'node:assert/strict';
import { hasMarkedBlock, upsertMarkedBlock, type MarkedBlock } from '../../../src/core/agents/markedBlock';
import { coordError } from '../../helpers/coordError';

const block: MarkedBlock = { begin: '<!-- x:begin v2 -->', end: '<!-- x:end -->', body: 'one\ntwo' };
const end = { insert: 'end' as const };

describe('markedBlock', () => {
  it('writes the block alone into an empty file', () => {
    assert.equal(upsertMarkedBlock('', block, end, 'f'), '<!-- x:begin v2 -->\none\ntwo\n<!-- x:end -->\n');
  });

  it('appends after existing text with one blank line, keeping the text as it is', () => {
    assert.equal(
      upsertMarkedBlock('# Title\n\nmine\n\n\n', block, end, 'f'),
      '# Title\n\nmine\n\n<!-- x:begin v2 -->\none\ntwo\n<!-- x:end -->\n',
    );
  });

  it('replaces the block in place, recognising an older begin line by its tag, and keeps what is around it', () => {
    const before = 'top\n<!-- x:begin v1, older words -->\nold\n<!-- x:end -->\nbottom\n';
    const after = upsertMarkedBlock(before, block, end, 'f');
    assert.equal(after, 'top\n<!-- x:begin v2 -->\none\ntwo\n<!-- x:end -->\nbottom\n');
    assert.equal(upsertMarkedBlock(after, block, end, 'f'), after, 'idempotent');
  });

  it('keeps CRLF line endings', () => {
    assert.equal(
      upsertMarkedBlock('a\r\nb\r\n', block, end, 'f'),
      'a\r\nb\r\n\r\n<!-- x:begin v2 -->\r\none\r\ntwo\r\n<!-- x:end -->\r\n',
    );
  });

  it('inserts after the first line of a script', () => {
    assert.equal(
      upsertMarkedBlock('#!/bin/sh\nexit 0\n', block, { insert: 'after-first-line' }, 'f'),
      '#!/bin/sh\n<!-- x:begin v2 -->\none\ntwo\n<!-- x:end -->\nexit 0\n',
    );
  });

  it('refuses a begin marker without its end, naming the file', () => {
    assert.throws(
      () => upsertMarkedBlock('<!-- x:begin -->\nmine\n', block, end, '/r/AGENTS.md'),
      coordError('usage', /\/r\/AGENTS\.md has the line .* but not its closing/),
    );
  });

  it('tells whether the block is there', () => {
    assert.equal(hasMarkedBlock('a\n<!-- x:begin old -->\n', block), true);
    assert.equal(hasMarkedBlock('a\n', block), false);
  });
});
