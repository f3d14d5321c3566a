import * as assert from 'node:assert/strict';
import { diffByKey, isEmptyPatch, shallowEqual } from '../../../src/core/store/keyedDiff';

describe('diffByKey', () => {
  const map = (...rows: { id: string; v: number }[]) => new Map(rows.map((r) => [r.id, r]));

  it('finds added, changed and removed entries, and nothing when equal', () => {
    const before = map({ id: 'a', v: 1 }, { id: 'b', v: 2 }, { id: 'c', v: 3 });
    const after = map({ id: 'a', v: 1 }, { id: 'b', v: 20 }, { id: 'd', v: 4 });
    const patch = diffByKey(before, after, shallowEqual);
    assert.deepEqual(patch.upsert, [
      { id: 'b', v: 20 },
      { id: 'd', v: 4 },
    ]);
    assert.deepEqual(patch.remove, ['c']);
    assert.ok(
      isEmptyPatch(diffByKey(after, map({ id: 'a', v: 1 }, { id: 'b', v: 20 }, { id: 'd', v: 4 }), shallowEqual)),
    );
  });

  it('shallowEqual compares own fields, a missing field against a present one too', () => {
    assert.ok(shallowEqual({ a: 1, b: 'x' }, { b: 'x', a: 1 }));
    assert.ok(!shallowEqual<{ a: number; b?: string }>({ a: 1 }, { a: 1, b: 'x' }));
    assert.ok(!shallowEqual({ a: 1 }, { a: 2 }));
  });
});
