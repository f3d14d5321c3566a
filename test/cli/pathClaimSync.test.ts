import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { twoComputers, type Clone } from '../helpers/syncWorld';

/** Path claims across computers: clones of one bare remote, each with its own tree, real git, real processes. */
describe('path claims across computers', () => {
  const computers = twoComputers();

  const pathClaimFiles = (clone: Clone) => {
    const dir = join(clone.tree, 'claims', 'path');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };

  it('a claim overlapping one confirmed on another computer, not yet synced here, loses at confirmation naming it', async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    const won = await world.coord(a, ['claim', 'path', 'src/**', '--json'], alice);
    assert.equal(won.code, 0, won.stdout + won.stderr);
    assert.equal(won.json.confirmation, 'confirmed');
    // b has not synced: its own tree knows nothing of alice's claim, so only the remote can tell.
    const lost = await world.coord(b, ['claim', 'path', 'src/core/a.ts', '--json'], bob);
    assert.equal(lost.code, 1, lost.stdout + lost.stderr);
    assert.equal(lost.json.error.details.confirmation, 'lost');
    assert.equal(lost.json.error.details.holder, alice);
    assert.equal(lost.json.error.details.glob, 'src/**');
    assert.match(
      lost.json.error.message,
      /^path src\/core\/a\.ts: lost — it overlaps path src\/\*\*, which alice-\w+ got it first on origin/,
    );
    assert.deepEqual(pathClaimFiles(b), [], 'the local claim was withdrawn');
    // A claim that does not overlap is confirmed as usual.
    const other = await world.coord(b, ['claim', 'path', 'docs/**', '--json'], bob);
    assert.equal(other.json.confirmation, 'confirmed');
  });

  it('claims taken offline on two computers, overlapping, do not both survive the syncs; the loser is told', async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    world.breakRemote();
    assert.equal((await world.coord(a, ['claim', 'path', 'lib/**', '--json'], alice)).json.confirmation, 'pending');
    assert.equal((await world.coord(b, ['claim', 'path', 'lib/x/*.ts', '--json'], bob)).json.confirmation, 'pending');
    world.restoreRemote();
    await world.sync(a);
    await world.sync(b);
    await world.sync(a);
    await world.sync(b);
    const holders = (clone: Clone) =>
      world
        .coordSync(clone, ['claims', '--json'])
        .json.claims.filter((c: { type: string }) => c.type === 'path')
        .map((c: { holder: string }) => c.holder);
    assert.deepEqual(holders(a), [alice], 'the first published stands on a');
    assert.deepEqual(holders(b), [alice], 'and on b, which yielded');
    const told = world.coordSync(b, ['inbox', '--json'], bob).json.messages as { subject: string }[];
    assert.ok(
      told.some((m) =>
        /^Claim path lib\/x\/\*\.ts withdrawn: alice-\w+ holds overlapping path lib\/\*\*$/.test(m.subject),
      ),
      JSON.stringify(told),
    );
  });

  it('a round that cannot look at the other path claims withdraws nothing: the claim stays pending, and the next round looks', async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    world.breakRemote();
    assert.equal((await world.coord(a, ['claim', 'path', 'lib/**', '--json'], alice)).json.confirmation, 'pending');
    world.restoreRemote();
    // A real fault of the remote's transport: a's fetches fail once its claim's ref is there, i.e. the round's look
    // at the other path claims right after it published that claim.
    const counter = join(world.dir, 'failed-fetches');
    const uploadPack = join(world.dir, 'upload-pack-failing-after-publish');
    writeFileSync(counter, '');
    writeFileSync(
      uploadPack,
      `#!/bin/sh\nif [ -n "$(git --git-dir='${world.remote}' for-each-ref refs/coordination/claims/path)" ]; then echo x >> '${counter}'; echo 'the remote hung up (test fault)' >&2; exit 1; fi\nexec git-upload-pack "$@"\n`,
    );
    chmodSync(uploadPack, 0o755);
    spawnSync('git', ['config', 'remote.origin.uploadpack', uploadPack], { cwd: a.root });
    const round = await world.sync(a);
    spawnSync('git', ['config', '--unset', 'remote.origin.uploadpack'], { cwd: a.root });
    assert.ok(readFileSync(counter, 'utf8').length > 0, 'the fault was reached');
    assert.deepEqual(round.claims.lost, [], JSON.stringify(round));
    assert.equal(round.claims.pending.length, 1, JSON.stringify(round));
    assert.ok(
      round.diagnostics.some((d: { reason: string }) =>
        /pending: could not be checked against the other path claims on origin/.test(d.reason),
      ),
      JSON.stringify(round.diagnostics),
    );
    assert.equal(pathClaimFiles(a).length, 1, 'the claim file stays');
    const claims = world.coordSync(a, ['claims', '--json']).json.claims as { holder: string; confirmation?: string }[];
    assert.deepEqual(
      claims.map((c) => [c.holder, c.confirmation]),
      [[alice, 'pending']],
      'not held until checked',
    );
    assert.deepEqual(
      world.coordSync(a, ['inbox', '--json'], alice).json.messages,
      [],
      'nobody was told it was withdrawn',
    );
    // Its ref stands on the remote meanwhile: an overlapping claim on b yields to it.
    const lost = await world.coord(b, ['claim', 'path', 'lib/x/*.ts', '--json'], bob);
    assert.equal(lost.json.error?.details?.holder, alice, lost.stdout);
    // The next round looks (the claim is unchanged everywhere, so only the due list brings it back) and holds it.
    const next = await world.sync(a);
    assert.deepEqual(next.claims.lost, []);
    assert.equal(next.claims.pending.length, 0, JSON.stringify(next.claims));
    const after = world.coordSync(a, ['claims', '--json']).json.claims as { holder: string; confirmation?: string }[];
    assert.deepEqual(
      after.map((c) => [c.holder, c.confirmation]),
      [[alice, 'confirmed']],
    );
  });

  it("another computer's lease is judged expired by this computer's clock from when it first saw it, never by its timestamps", async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    assert.equal(
      (await world.coord(a, ['claim', 'path', 'src/**', '--ttl', '1s', '--json'], alice)).json.confirmation,
      'confirmed',
    );
    await new Promise((r) => setTimeout(r, 1500));
    // By its own timestamps alice's lease ran out; b has never seen it, so for b it is live: b yields.
    const early = await world.coord(b, ['claim', 'path', 'src/a.ts', '--json'], bob);
    assert.equal(early.code, 1, early.stdout);
    assert.equal(early.json.error.details.holder, alice);
    // Once b has seen it (a sync) and a lease's length has passed on b's clock, it is free to take.
    await world.sync(b);
    await new Promise((r) => setTimeout(r, 1500));
    const later = await world.coord(b, ['claim', 'path', 'src/a.ts', '--json'], bob);
    assert.equal(later.code, 0, later.stdout + later.stderr);
    assert.equal(later.json.confirmation, 'confirmed');
  });

  it('shared claims of overlapping files on two computers both stand', async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    assert.equal(
      (await world.coord(a, ['claim', 'path', 'docs/**', '--shared', '--json'], alice)).json.confirmation,
      'confirmed',
    );
    assert.equal(
      (await world.coord(b, ['claim', 'path', 'docs/a.md', '--shared', '--json'], bob)).json.confirmation,
      'confirmed',
    );
    await world.sync(a);
    await world.sync(b);
    await world.sync(a);
    const holders = world
      .coordSync(a, ['claims', '--json'])
      .json.claims.map((c: { holder: string }) => c.holder)
      .sort();
    assert.deepEqual(holders, [alice, bob].sort());
  });
});
