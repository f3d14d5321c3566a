import assert from 'node:assert/strict';
import { renderBoard } from '../../src/cli/liveBoard';
import { displayWidth } from '../../src/cli/terminalText';
import { readStatus } from '../../src/core/views/status';
import { makeTempTree, type TempTree } from '../helpers/tempTree';

describe('the live board (coord status --watch)', () => {
  let tree: TempTree;
  beforeEach(() => {
    tree = makeTempTree();
  });
  afterEach(() => tree.cleanup());

  const frame = () => ({ status: readStatus(tree.ctx), computerFacts: {}, activity: [] });

  it("shows the watcher's warning as a board line: cleaned, on one line, cut to the width, above the last", () => {
    // A watcher error names a path of the tree, and anyone can name a file: escape codes, a line break, a
    // right-to-left override.
    const warning = `watcher: EACCES '/tree/\u001b[2J\u202Eevil\nnext line ${'x'.repeat(80)}'`;
    const lines = renderBoard(frame(), { width: 60, height: 24 }, false, warning);
    const shown = lines.at(-2) ?? '';
    assert.equal(lines.at(-1), 'Ctrl+C to stop');
    assert.ok(shown.startsWith("watcher: EACCES '/tree/?[2J\\u202Eevil next line x"), JSON.stringify(shown));
    assert.ok(shown.endsWith('…'), JSON.stringify(shown));
    assert.equal(displayWidth(shown), 60);
    for (const line of lines) assert.doesNotMatch(line, /[\u0000-\u001f\u202e]/, JSON.stringify(line));
  });

  it('keeps the warning within the terminal height', () => {
    const height = renderBoard(frame(), { width: 60, height: 24 }, false).length + 1;
    const lines = renderBoard(frame(), { width: 60, height }, false, 'watcher: ENOSPC');
    assert.equal(lines.length, height);
    assert.equal(lines.at(-2), 'watcher: ENOSPC');
    const tight = renderBoard(frame(), { width: 60, height: height - 1 }, false, 'watcher: ENOSPC');
    assert.equal(tight.length, height - 1, 'a terminal too short for all: the board is cut, never taller');
  });
});
