import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock } from '../../../src/core/store/fileMutation';
import { readClaimFile } from '../../../src/core/claims/claimRead';
import { openContext } from '../../../src/core/records/context';
import { checkDir } from '../../../src/core/sync/claimRefState';
import { findGitCheckout, type GitCheckout } from '../../../src/core/store/gitCheckout';
import { checkPathClaim } from '../../../src/core/sync/pathClaimCheck';
import { openSyncRepository } from '../../../src/core/sync/syncRound';
import { defaultSyncSettings } from '../../../src/core/sync/syncSettings';
import { twoComputers, type Clone, type World } from '../../helpers/syncWorld';

/**
 * The one overlap check of a new path-claim lease (pathClaimCheck.ts), against a real bare remote. A second look
 * at a lease already found clear could see a claim published after the first look — which yields to ours by the
 * same rule — and both would yield while our holder was told it holds: so the verdict is kept.
 */
describe('overlap check of a path claim (checkPathClaim)', () => {
  const computers = twoComputers();
  let world: World;
  let a: Clone;
  let b: Clone;
  beforeEach(() => ({ world, a, b } = computers));

  const onlyClaimFile = (clone: Clone) => {
    const dir = join(clone.tree, 'claims', 'path');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    assert.equal(files.length, 1, `${clone.name}: ${files.join(', ')}`);
    return join(dir, files[0] as string);
  };

  /** Bob's overlapping claim, taken on b while the remote was away, put on the remote as if published just now. */
  const publishOverlapping = async (bob: string): Promise<void> => {
    world.breakRemote();
    assert.equal((await world.coord(b, ['claim', 'path', 'src/a.ts', '--json'], bob)).json.confirmation, 'pending');
    world.restoreRemote();
    const file = onlyClaimFile(b);
    const oid = execFileSync('git', ['--git-dir', world.remote, 'hash-object', '-w', '--stdin'], {
      input: readFileSync(file),
    })
      .toString()
      .trim();
    execFileSync('git', [
      '--git-dir',
      world.remote,
      'update-ref',
      `refs/coordination/claims/path/${file
        .split('/')
        .pop()
        ?.replace(/\.json$/, '')}`,
      oid,
    ]);
  };

  const setUp = async () => {
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    const won = await world.coord(a, ['claim', 'path', 'src/**', '--json'], alice);
    assert.equal(won.json.confirmation, 'confirmed', won.stdout + won.stderr);
    await publishOverlapping(bob);
    const ctx = openContext(a.root);
    const { repo, authority } = await openSyncRepository(
      ctx,
      findGitCheckout(ctx.layout.root) as GitCheckout,
      defaultSyncSettings,
    );
    const file = onlyClaimFile(a);
    const ours = readClaimFile(file)?.claim;
    assert.ok(ours);
    const oid = execFileSync('git', ['hash-object', file], { cwd: a.root }).toString().trim();
    return { alice, ctx, repo, authority, ours, oid, file };
  };

  it('a lease found clear is not looked at again: a claim published after that look does not make it yield', async () => {
    const { alice, ctx, repo, authority, ours, oid, file } = await setUp();
    const check = await checkPathClaim(ctx, repo, authority, ours, oid, { tell: true, waitMs: 0 });
    assert.deepEqual(check, { kind: 'clear' });
    assert.ok(existsSync(file), 'the claim file stays');
    assert.deepEqual(world.coordSync(a, ['inbox', '--json'], alice).json.messages, []);
  });

  it('without the kept verdict the same look yields (what the first test guards against)', async () => {
    const { alice, ctx, repo, authority, ours, oid, file } = await setUp();
    rmSync(join(checkDir(ctx.layout, 'path'), `${ours.name}.json`));
    const check = await checkPathClaim(ctx, repo, authority, ours, oid, { tell: true, waitMs: 0 });
    assert.equal(check.kind, 'yielded');
    assert.ok(!existsSync(file), 'withdrawn');
    const told = world.coordSync(a, ['inbox', '--json'], alice).json.messages as { subject: string }[];
    assert.match(told[0]?.subject ?? '', /^Claim path src\/\*\* withdrawn: bob-\w+ holds overlapping path src\/a\.ts$/);
  });

  it('one process looks at a time: while another holds the look, the answer is "unchecked", and nothing is withdrawn', async () => {
    const { ctx, repo, authority, ours, oid, file } = await setUp();
    rmSync(join(checkDir(ctx.layout, 'path'), `${ours.name}.json`));
    const lock = acquireLock(join(checkDir(ctx.layout, 'path'), `.${ours.name}.check`));
    assert.ok(lock);
    try {
      const check = await checkPathClaim(ctx, repo, authority, ours, oid, { tell: true, waitMs: 100 });
      assert.equal(check.kind, 'unchecked');
      assert.match((check as { reason: string }).reason, /another process of this computer is checking it/);
      assert.ok(existsSync(file));
    } finally {
      lock.release();
    }
  });
});
