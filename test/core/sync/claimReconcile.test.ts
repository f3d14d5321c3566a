import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openContext } from '../../../src/core/records/context';
import { findGitCheckout } from '../../../src/core/store/gitCheckout';
import { reconcileClaims } from '../../../src/core/sync/claimReconcile';
import { openSyncRepository } from '../../../src/core/sync/syncRound';
import { snapshotTree } from '../../../src/core/sync/syncSnapshot';
import { statCacheFile } from '../../../src/core/sync/syncState';
import { defaultSyncSettings } from '../../../src/core/sync/syncSettings';
import type { GitCheckout } from '../../../src/core/store/gitCheckout';
import { twoComputers, type Clone, type World } from '../../helpers/syncWorld';

/**
 * The claims step of a sync round, driven one step at a time against a real bare remote so an interleaving the
 * randomized claim checker found can be replayed exactly: the round's look at the remote runs beside its snapshot
 * of the tree, so the look can be the newer of the two.
 */
describe('claims step of a sync round (reconcileClaims)', () => {
  const computers = twoComputers();
  let world: World;
  let a: Clone;
  beforeEach(() => ({ world, a } = computers));

  const remoteHolder = (name: string): string | undefined => {
    try {
      const oid = execFileSync(
        'git',
        ['--git-dir', world.remote, 'rev-parse', '--verify', '-q', `refs/coordination/claims/${name}`],
        { encoding: 'utf8' },
      ).trim();
      return (
        JSON.parse(execFileSync('git', ['--git-dir', world.remote, 'cat-file', 'blob', oid], { encoding: 'utf8' })) as {
          holder: string;
        }
      ).holder;
    } catch {
      return undefined;
    }
  };

  it('a claim taken after the snapshot read no file, and pushed before the look at the remote, is not deleted as released', async () => {
    const alice = world.startSession(a, 'alice');
    const ctx = openContext(a.root);
    const { repo, authority } = await openSyncRepository(
      ctx,
      findGitCheckout(ctx.layout.root) as GitCheckout,
      defaultSyncSettings,
    );
    // The round's snapshot: no claim file yet.
    const snapshot = await snapshotTree(repo, ctx.layout, statCacheFile(ctx.layout));
    const claimed = await world.coord(a, ['claim', 'issue', '5', '--json'], alice);
    assert.equal(claimed.json.confirmation, 'confirmed', claimed.stdout + claimed.stderr);
    // The round's look at the remote, finished after the claim was pushed.
    const view = await authority.observe();
    assert.equal(remoteHolder('issue/5'), alice);

    const result = await reconcileClaims({
      ctx,
      repo,
      authority,
      view,
      base: new Map(),
      ours: snapshot.entries,
      held: new Set(),
      remoteKnown: true,
      due: new Set(),
    });

    assert.equal(remoteHolder('issue/5'), alice, 'the live lease stays on the remote');
    assert.ok(existsSync(join(a.tree, 'claims', 'issue', '5.json')), 'the claim file stays');
    assert.equal(JSON.parse(readFileSync(join(a.tree, 'claims', 'issue', '5.json'), 'utf8')).holder, alice);
    assert.deepEqual(result.lost, []);
    // The next round, with a snapshot that has the file, settles it.
    const next = await snapshotTree(repo, ctx.layout, statCacheFile(ctx.layout));
    const settled = await reconcileClaims({
      ctx,
      repo,
      authority,
      view: await authority.observe(),
      base: new Map(),
      ours: next.entries,
      held: new Set(),
      remoteKnown: true,
      due: new Set(),
    });
    assert.deepEqual(settled.confirmed, ['issue/5']);
    assert.equal(remoteHolder('issue/5'), alice);
  });

  it('a lease of this tree whose file is gone (released here) is deleted from the remote', async () => {
    const alice = world.startSession(a, 'alice');
    const ctx = openContext(a.root);
    const { repo, authority } = await openSyncRepository(
      ctx,
      findGitCheckout(ctx.layout.root) as GitCheckout,
      defaultSyncSettings,
    );
    assert.equal((await world.coord(a, ['claim', 'issue', '6', '--json'], alice)).json.confirmation, 'confirmed');
    // Released with the remote away: the ref stays behind on the remote.
    world.breakRemote();
    assert.equal((await world.coord(a, ['release', 'issue', '6', '--json'], alice)).code, 0);
    world.restoreRemote();
    assert.equal(remoteHolder('issue/6'), alice);

    const snapshot = await snapshotTree(repo, ctx.layout, statCacheFile(ctx.layout));
    await reconcileClaims({
      ctx,
      repo,
      authority,
      view: await authority.observe(),
      base: new Map(),
      ours: snapshot.entries,
      held: new Set(),
      remoteKnown: true,
      due: new Set(),
    });

    assert.equal(remoteHolder('issue/6'), undefined);
  });
});
