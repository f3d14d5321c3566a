import assert from 'node:assert/strict';
import { share } from '../../src/cli/liveBoard';
import { displayWidth, fitLine } from '../../src/cli/terminalText';

describe("terminal text (the live board's lines)", () => {
  it('counts columns: wide characters two, combining marks none', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('日本'), 4);
    assert.equal(displayWidth('e\u0301'), 1);
    assert.equal(displayWidth('●'), 1);
  });

  it('cuts a line to the width with an ellipsis, never splitting a wide character over the edge', () => {
    assert.equal(fitLine([{ text: 'hello world' }], 20, false), 'hello world');
    assert.equal(fitLine([{ text: 'hello world' }], 11, false), 'hello world');
    assert.equal(fitLine([{ text: 'hello world' }], 8, false), 'hello w…');
    assert.equal(fitLine([{ text: 'ab' }, { text: 'cdef' }], 4, false), 'abc…');
    assert.equal(fitLine([{ text: 'a日本' }], 4, false), 'a日…');
    assert.equal(fitLine([{ text: '日本語のテキスト' }], 8, false), '日本語…');
  });

  it('colours only what is shown, and not at all without colour', () => {
    assert.equal(fitLine([{ text: 'ok', style: 'green' }, { text: ' rest' }], 20, true), '\u001b[32mok\u001b[0m rest');
    assert.equal(fitLine([{ text: 'ok', style: 'green' }], 20, false), 'ok');
    assert.equal(fitLine([{ text: 'long text', style: 'bold' }], 5, true), '\u001b[1mlong\u001b[0m…');
  });

  it('shares the rows: equal parts, and what one list leaves goes to the others', () => {
    assert.deepEqual(share(30, [100, 100, 100]), [10, 10, 10]);
    assert.deepEqual(share(30, [100, 2, 0]), [28, 2, 0]);
    assert.deepEqual(share(5, [1, 1, 1]), [1, 1, 1]);
    assert.deepEqual(share(0, [5, 5]), [0, 0]);
    assert.deepEqual(share(Infinity, [5, 7]), [5, 7]);
  });
});
