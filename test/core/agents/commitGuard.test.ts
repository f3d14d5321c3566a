import assert from 'node:assert/strict';
import { join } from 'node:path';
import { takeClaim } from '../../../src/core/claims/claims';
import { commitConflicts } from '../../../src/core/agents/commitGuard';
import { findCommitter } from '../../../src/core/agents/guardCommitter';
import { startSession } from '../../../src/core/sessions/sessions';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('commitGuard', () => {
  const s = withAliceAndBob();

  const files = (conflicts: ReturnType<typeof commitConflicts>) =>
    conflicts.map((c) => `${c.file}:${c.claims.map((v) => v.claim.holder).join(',')}`);

  it("reports the staged files other sessions' live path claims cover, relative to the root", () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/core/**');
    const staged = ['src/core/a.ts', 'src/other.ts', 'README.md'];
    assert.deepEqual(files(commitConflicts(s.tree.ctx, s.tree.root, staged, findCommitter(s.tree.ctx, s.bob))), [
      `src/core/a.ts:${s.alice}`,
    ]);
    assert.deepEqual(
      commitConflicts(s.tree.ctx, s.tree.root, staged, findCommitter(s.tree.ctx, s.alice)),
      [],
      'its own claim',
    );
  });

  it("takes git's paths from the top of the working tree when the root is a folder below it", () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**');
    const top = join(s.tree.root, '..');
    const below = s.tree.root.slice(top.length + 1);
    const staged = [`${below}/src/a.ts`, 'src/a.ts', `${below}/docs/coordination/claims/x.json`];
    assert.deepEqual(files(commitConflicts(s.tree.ctx, top, staged, findCommitter(s.tree.ctx, s.bob))), [
      `src/a.ts:${s.alice}`,
    ]);
  });

  it("another session's shared claim does not block a committer who shares the files, and blocks one who does not", () => {
    const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
    takeClaim(s.tree.ctx, s.alice, 'path', 'docs/**', { shared: true });
    takeClaim(s.tree.ctx, s.bob, 'path', 'docs/guide/**', { shared: true });
    assert.deepEqual(
      commitConflicts(s.tree.ctx, s.tree.root, ['docs/guide/a.md'], findCommitter(s.tree.ctx, s.bob)),
      [],
    );
    assert.deepEqual(
      files(commitConflicts(s.tree.ctx, s.tree.root, ['docs/guide/a.md'], findCommitter(s.tree.ctx, carol))),
      [`docs/guide/a.md:${s.alice},${s.bob}`],
    );
    // bob's shared claim does not cover docs/other.md, so alice's shared claim of it stops him there.
    assert.deepEqual(
      files(commitConflicts(s.tree.ctx, s.tree.root, ['docs/other.md'], findCommitter(s.tree.ctx, s.bob))),
      [`docs/other.md:${s.alice}`],
    );
  });

  it('expired claims block nothing', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**', { ttlSeconds: 60 });
    s.tree.clock.advance(61_000);
    assert.deepEqual(commitConflicts(s.tree.ctx, s.tree.root, ['src/a.ts'], findCommitter(s.tree.ctx, s.bob)), []);
  });

  it("without a session the committer is this host's live human sessions", () => {
    const pat = startSession(s.tree.ctx, { name: 'pat', kind: 'human' }).id;
    const committer = findCommitter(s.tree.ctx, '');
    assert.deepEqual(committer.sessions, [pat]);
    takeClaim(s.tree.ctx, pat, 'path', 'web/**');
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**');
    assert.deepEqual(files(commitConflicts(s.tree.ctx, s.tree.root, ['web/a.ts', 'src/a.ts'], committer)), [
      `src/a.ts:${s.alice}`,
    ]);
    s.tree.clock.advance(16 * 60_000);
    assert.deepEqual(findCommitter(s.tree.ctx, '').sessions, [], 'a gone human session is nobody');
  });
});
