import assert from 'node:assert/strict';
import { listClaims, takeClaim } from '../../../src/core/claims/claims';
import { findDuplicateWork, targetKey, wordKey } from '../../../src/core/work/duplicateWork';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { listSessions, startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('duplicate work', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());
  const find = () => findDuplicateWork(listSessions(tree.ctx), listClaims(tree.ctx));

  it('names two or more live sessions whose heartbeats name the same target', () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const b = startSession(tree.ctx, { name: 'b' }).id;
    const c = startSession(tree.ctx, { name: 'c' }).id;
    const d = startSession(tree.ctx, { name: 'd' }).id;
    heartbeat(tree.ctx, a, { action: 'editing', target: 'src/auth.ts' });
    heartbeat(tree.ctx, b, { action: 'editing', target: './SRC/auth.ts' });
    heartbeat(tree.ctx, c, { action: 'testing', target: 'src/auth.ts' });
    heartbeat(tree.ctx, d, { action: 'editing', target: 'src/other.ts' });
    const found = find();
    assert.equal(found.length, 1);
    assert.equal(found[0]?.kind, 'same-target');
    assert.deepEqual(found[0]?.sessions, [a, b, c].sort());
    assert.match(found[0]?.text ?? '', /3 sessions work on the same target/);
  });

  it('ignores sessions that are gone or ended', () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const b = startSession(tree.ctx, { name: 'b' }).id;
    heartbeat(tree.ctx, a, { target: 'x.ts' });
    heartbeat(tree.ctx, b, { target: 'x.ts' });
    stopSession(tree.ctx, b);
    assert.deepEqual(find(), []);
  });

  it('names a session working on what another holds a claim on, and claims on one thing under two types', () => {
    const holder = startSession(tree.ctx, { name: 'holder' }).id;
    const intruder = startSession(tree.ctx, { name: 'intruder' }).id;
    takeClaim(tree.ctx, holder, 'issue', '42');
    takeClaim(tree.ctx, holder, 'file', 'src-auth.ts');
    heartbeat(tree.ctx, holder, { action: 'editing', target: 'issue 42' });
    heartbeat(tree.ctx, intruder, { action: 'editing', target: 'src/auth.ts' });
    takeClaim(tree.ctx, intruder, 'pr', '42');
    const found = find();
    assert.deepEqual(
      found.map((f) => f.kind),
      ['overlapping-claims', 'target-claimed'],
    );
    for (const f of found) assert.deepEqual(f.sessions, [holder, intruder].sort());
    assert.equal(found[1]?.text, `${intruder} works on src/auth.ts, which ${holder} has claimed (file/src-auth.ts)`);
    assert.equal(
      found[0]?.text,
      `claims on the same thing by different sessions: issue/42 (${holder}), pr/42 (${intruder})`,
    );
    // The holder's own target (issue 42) names its own claim: that is its work, not a duplicate.
  });

  it('keys are stable and normalise paths', () => {
    assert.equal(targetKey(' ./Src\\Auth.ts/ '), 'src/auth.ts');
    assert.equal(wordKey('src/auth.ts'), 'src-auth-ts');
    assert.equal(wordKey('issue 42'), wordKey('issue/42'));
  });
});
