import * as assert from 'node:assert/strict';
import { treePathKind, treePathProblem } from '../../../src/core/sync/syncPaths';

describe('syncPaths', () => {
  it('refuses paths that could leave the tree, reach .local or a dot-file', () => {
    for (const bad of [
      '../x',
      'a/../b',
      '.local/read/x',
      'sessions/.tmp',
      'a//b',
      '/abs',
      'a/b/c/d/e/f/g',
      'x\u0001',
      'con:',
      'trailing.',
    ]) {
      assert.ok(treePathProblem(bad), `${JSON.stringify(bad)} should be refused`);
    }
    for (const good of [
      'protocol.json',
      'sessions/s-1.json',
      'milestones/Q3 plan.md',
      'reports/2026-11-21.md',
      'STATUS.md',
    ]) {
      assert.equal(treePathProblem(good), undefined, good);
    }
  });

  it('tells which merge rule a path follows', () => {
    assert.deepEqual(treePathKind('messages/broadcast/01m80000000000000000000000.json'), {
      kind: 'message',
      to: 'broadcast',
      id: '01m80000000000000000000000',
    });
    assert.deepEqual(treePathKind('sessions/a-1.json'), { kind: 'session', id: 'a-1' });
    assert.deepEqual(treePathKind('claims/issue/42.json'), { kind: 'claim', type: 'issue', name: '42' });
    assert.deepEqual(treePathKind('work/w.json'), { kind: 'work', id: 'w' });
    assert.deepEqual(treePathKind('messages/x/not-an-id.json'), { kind: 'other' });
    assert.deepEqual(treePathKind('README.md'), { kind: 'other' });
  });
});
