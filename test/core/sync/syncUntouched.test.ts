import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openContext, type CoordContext } from '../../../src/core/records/context';
import { sendMessage } from '../../../src/core/messages/messages';
import { recordHeartbeat, startSession } from '../../../src/core/sessions/sessions';
import { takeClaim } from '../../../src/core/claims/claims';
import { syncNow } from '../../../src/core/sync/syncNow';
import type { SyncSettings } from '../../../src/core/sync/syncSettings';
import { loadSyncWorld, type Clone, type SyncWorldLib, type World } from '../../helpers/syncWorld';

const settings: SyncSettings = { enabled: true, remote: 'origin', branch: 'coordination', retryDelaysMs: [20, 40] };

/**
 * The promise of sync: whatever state the user's repository is in, a round leaves HEAD, the index (its bytes),
 * the stash, the branches and every working file exactly as they were — only docs/coordination changes.
 */
describe("syncNow never touches the user's repository", () => {
  let lib: SyncWorldLib;
  let world: World;
  let user: Clone;
  let other: Clone;
  let cu: CoordContext;
  let co: CoordContext;
  let self: string;
  let peer: string;

  before(async () => {
    lib = await loadSyncWorld();
    world = lib.createWorld({ clones: 2 });
    [user, other] = world.clones as [Clone, Clone];
    const g = (...args: string[]) => lib.git(user.root, args);
    writeFileSync(join(user.root, 'a.txt'), 'one\n');
    writeFileSync(join(user.root, 'b.txt'), 'two\n');
    g('add', 'a.txt', 'b.txt');
    g('commit', '-q', '-m', 'first');
    g('push', '-q', 'origin', 'HEAD:refs/heads/main');
    g('fetch', '-q', 'origin');
    g('branch', '-q', '-u', 'origin/main');
    cu = openContext(user.root);
    co = openContext(other.root);
    self = startSession(cu, { name: 'me' }).id;
    peer = startSession(co, { name: 'peer' }).id;
    await syncNow(cu, settings);
    await syncNow(co, settings);
    await syncNow(cu, settings);
  });
  after(() => world.cleanup());

  /** Traffic both ways, then a round in the user's clone; its state must be byte-identical around it. */
  async function roundIsInvisible(what: string): Promise<void> {
    recordHeartbeat(co, peer, { action: what });
    sendMessage(co, peer, self, what, 'from the other computer');
    await syncNow(co, settings);
    recordHeartbeat(cu, self, { action: what });
    sendMessage(cu, self, peer, what, 'from the user');
    const before = lib.userRepoState(user.root);
    const result = await syncNow(cu, settings);
    const after = lib.userRepoState(user.root);
    assert.equal(result.outcome, 'synced', `${what}: ${result.reason}`);
    assert.ok(result.fetched > 0 && result.pushed > 0, `${what}: the round carried changes both ways`);
    assert.deepEqual(after, before, `${what}: the repository changed`);
  }

  it('with a dirty tree, staged changes, an untracked file, a stash, and a branch diverged from its upstream', async () => {
    const g = (...args: string[]) => lib.git(user.root, args);
    // Diverged: the remote's main moves on from another clone while the user commits locally.
    lib.git(other.root, ['fetch', '-q', 'origin', 'main']);
    lib.git(other.root, ['checkout', '-q', '-b', 'main', 'FETCH_HEAD']);
    writeFileSync(join(other.root, 'remote.txt'), 'theirs\n');
    lib.git(other.root, ['add', 'remote.txt']);
    lib.git(other.root, ['commit', '-q', '-m', 'theirs']);
    lib.git(other.root, ['push', '-q', 'origin', 'main']);
    appendFileSync(join(user.root, 'a.txt'), 'local commit\n');
    g('commit', '-q', '-am', 'mine');
    g('fetch', '-q', 'origin');
    assert.match(g('status', '-sb'), /ahead 1, behind 1/);
    appendFileSync(join(user.root, 'b.txt'), 'stashed\n');
    g('stash', 'push', '-q');
    appendFileSync(join(user.root, 'b.txt'), 'staged\n');
    g('add', 'b.txt');
    appendFileSync(join(user.root, 'a.txt'), 'dirty\n');
    writeFileSync(join(user.root, 'untracked.txt'), 'new\n');
    takeClaim(cu, self, 'file', 'a.txt');
    await roundIsInvisible('dirty, staged, stash, diverged');
    assert.equal(
      g('--no-optional-locks', 'status', '--porcelain').includes('docs/'),
      false,
      "the tree is ignored on the user's branches",
    );
  });

  it('with a detached HEAD', async () => {
    const g = (...args: string[]) => lib.git(user.root, args);
    g('stash', 'push', '-q', '--include-untracked');
    g('checkout', '-q', '--detach', 'HEAD~1');
    await roundIsInvisible('detached HEAD');
  });

  it('with a rebase stopped on a conflict', async () => {
    const g = (...args: string[]) => lib.git(user.root, args);
    g('checkout', '-q', 'main');
    g('checkout', '-q', '-b', 'topic');
    writeFileSync(join(user.root, 'a.txt'), 'topic version\n');
    g('commit', '-q', '-am', 'topic');
    g('checkout', '-q', 'main');
    writeFileSync(join(user.root, 'a.txt'), 'main version\n');
    g('commit', '-q', '-am', 'main');
    g('checkout', '-q', 'topic');
    assert.throws(() => g('rebase', 'main'), /conflict|CONFLICT|could not apply/i);
    assert.match(readFileSync(join(user.root, 'a.txt'), 'utf8'), /<<<<<<</);
    await roundIsInvisible('rebase in progress');
    assert.ok(lib.userRepoState(user.root).rebase, 'the rebase is still in progress');
  });
});
