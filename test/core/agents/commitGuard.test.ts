import assert from 'node:assert/strict';
import { join } from 'node:path';
import { takeClaim } from '../../../src/core/claims/claims';
import { commitConflicts } from '../../../src/core/agents/commitGuard';
import { findCommitter } from '../../../src/core/agents/guardCommitter';
import { startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('commitGuard', () => {
  let tree: TempTree;
  let alice: string;
  let bob: string;
  beforeEach(() => {
    tree = makeTempTree();
    alice = startSession(tree.ctx, { name: 'alice' }).id;
    bob = startSession(tree.ctx, { name: 'bob' }).id;
  });
  afterEach(() => tree.cleanup());

  const files = (conflicts: ReturnType<typeof commitConflicts>) =>
    conflicts.map((c) => `${c.file}:${c.claims.map((v) => v.claim.holder).join(',')}`);

  it("reports the staged files other sessions' live path claims cover, relative to the root", () => {
    takeClaim(tree.ctx, alice, 'path', 'src/core/**');
    const staged = ['src/core/a.ts', 'src/other.ts', 'README.md'];
    assert.deepEqual(files(commitConflicts(tree.ctx, tree.root, staged, findCommitter(tree.ctx, bob))), [
      `src/core/a.ts:${alice}`,
    ]);
    assert.deepEqual(commitConflicts(tree.ctx, tree.root, staged, findCommitter(tree.ctx, alice)), [], 'its own claim');
  });

  it("takes git's paths from the top of the working tree when the root is a folder below it", () => {
    takeClaim(tree.ctx, alice, 'path', 'src/**');
    const top = join(tree.root, '..');
    const below = tree.root.slice(top.length + 1);
    const staged = [`${below}/src/a.ts`, 'src/a.ts', `${below}/docs/coordination/claims/x.json`];
    assert.deepEqual(files(commitConflicts(tree.ctx, top, staged, findCommitter(tree.ctx, bob))), [
      `src/a.ts:${alice}`,
    ]);
  });

  it("another session's shared claim does not block a committer who shares the files, and blocks one who does not", () => {
    const carol = startSession(tree.ctx, { name: 'carol' }).id;
    takeClaim(tree.ctx, alice, 'path', 'docs/**', { shared: true });
    takeClaim(tree.ctx, bob, 'path', 'docs/guide/**', { shared: true });
    assert.deepEqual(commitConflicts(tree.ctx, tree.root, ['docs/guide/a.md'], findCommitter(tree.ctx, bob)), []);
    assert.deepEqual(files(commitConflicts(tree.ctx, tree.root, ['docs/guide/a.md'], findCommitter(tree.ctx, carol))), [
      `docs/guide/a.md:${alice},${bob}`,
    ]);
    // bob's shared claim does not cover docs/other.md, so alice's shared claim of it stops him there.
    assert.deepEqual(files(commitConflicts(tree.ctx, tree.root, ['docs/other.md'], findCommitter(tree.ctx, bob))), [
      `docs/other.md:${alice}`,
    ]);
  });

  it('expired claims block nothing', () => {
    takeClaim(tree.ctx, alice, 'path', 'src/**', { ttlSeconds: 60 });
    tree.clock.advance(61_000);
    assert.deepEqual(commitConflicts(tree.ctx, tree.root, ['src/a.ts'], findCommitter(tree.ctx, bob)), []);
  });

  it("without a session the committer is this host's live human sessions", () => {
    const pat = startSession(tree.ctx, { name: 'pat', kind: 'human' }).id;
    const committer = findCommitter(tree.ctx, '');
    assert.deepEqual(committer.sessions, [pat]);
    takeClaim(tree.ctx, pat, 'path', 'web/**');
    takeClaim(tree.ctx, alice, 'path', 'src/**');
    assert.deepEqual(files(commitConflicts(tree.ctx, tree.root, ['web/a.ts', 'src/a.ts'], committer)), [
      `src/a.ts:${alice}`,
    ]);
    tree.clock.advance(16 * 60_000);
    assert.deepEqual(findCommitter(tree.ctx, '').sessions, [], 'a gone human session is nobody');
  });
});
