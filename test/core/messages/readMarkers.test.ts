import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CoordError } from '../../../src/core/store/errors';
import { newMessageId } from '../../../src/core/store/ids';
import { markRead, readMessageIds } from '../../../src/core/messages/readMarkers';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('readMarkers', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('is empty for a session that has read nothing', () => {
    assert.deepEqual(readMessageIds(tree.ctx.layout, 'alice'), new Set());
  });

  it('records one empty marker file per read message under .local/read/<session>', () => {
    const a = newMessageId(1);
    const b = newMessageId(2);
    markRead(tree.ctx.layout, 'alice', a);
    markRead(tree.ctx.layout, 'alice', b);
    assert.deepEqual(readMessageIds(tree.ctx.layout, 'alice'), new Set([a, b]));
    const dir = join(tree.ctx.layout.localDir, 'read', 'alice');
    assert.deepEqual(readdirSync(dir).sort(), [a, b].sort());
    assert.equal(statSync(join(dir, a)).size, 0);
  });

  it('marks idempotently', () => {
    const a = newMessageId(1);
    markRead(tree.ctx.layout, 'alice', a);
    markRead(tree.ctx.layout, 'alice', a);
    assert.equal(readMessageIds(tree.ctx.layout, 'alice').size, 1);
  });

  it("keeps each session's markers apart", () => {
    const a = newMessageId(1);
    markRead(tree.ctx.layout, 'alice', a);
    assert.equal(readMessageIds(tree.ctx.layout, 'bob').size, 0);
  });

  it('refuses a session id that would leave the tree', () => {
    assert.throws(
      () => markRead(tree.ctx.layout, '../../x', newMessageId(1)),
      (e: unknown) => e instanceof CoordError && e.code === 'usage',
    );
  });
});
