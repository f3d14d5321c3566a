import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSyncWorld, type Clone, type SyncWorldLib, type World } from '../helpers/syncWorld';

/** The claims issue's scenarios across computers, with real coord processes and a real bare remote. */
describe('one authority per claim: the remote ref decides', () => {
  let lib: SyncWorldLib;
  let world: World;
  let a: Clone;
  let b: Clone;
  before(async () => (lib = await loadSyncWorld()));
  beforeEach(() => {
    world = lib.createWorld({ clones: 2 });
    [a, b] = world.clones as [Clone, Clone];
  });
  afterEach(() => world.cleanup());

  const remoteRef = (name: string): string => {
    try {
      return execFileSync(
        'git',
        ['--git-dir', world.remote, 'rev-parse', '--verify', '-q', `refs/coordination/claims/${name}`],
        { encoding: 'utf8' },
      ).trim();
    } catch {
      return '';
    }
  };
  /** The blob id of a claim file as this clone holds it: what its ref on the remote names once published. */
  const localBlob = (clone: Clone, type: string, name: string): string =>
    execFileSync('git', ['-C', clone.root, 'hash-object', join(clone.tree, 'claims', type, `${name}.json`)], {
      encoding: 'utf8',
    }).trim();
  const setGoneAfter = (clone: Clone, seconds: number) => {
    const file = join(clone.tree, 'protocol.json');
    writeFileSync(
      file,
      JSON.stringify(
        { ...JSON.parse(readFileSync(file, 'utf8')), goneAfterSeconds: seconds, heartbeatIntervalSeconds: 1 },
        null,
        2,
      ) + '\n',
    );
  };

  it("a release on one computer frees the claim for the other at once, though the other's copy still names the holder", async () => {
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    assert.equal((await world.coord(a, ['claim', 'issue', '7', '--json'], alice)).json.confirmation, 'confirmed');
    await world.sync(a);
    await world.sync(b);
    assert.equal(
      JSON.parse(readFileSync(join(b.tree, 'claims', 'issue', '7.json'), 'utf8')).holder,
      alice,
      "b holds a copy of alice's lease",
    );
    const released = await world.coord(a, ['release', 'issue', '7', '--json'], alice);
    assert.equal(released.json.remote, 'released');
    assert.equal(remoteRef('issue/7'), '');
    const taken = await world.coord(b, ['claim', 'issue', '7', '--json'], bob);
    assert.equal(taken.code, 0, taken.stdout + taken.stderr);
    assert.equal(taken.json.confirmation, 'confirmed');
  });

  it("a gone session's claim is taken over by the next coord claim on its computer, with no health round or sync first", async () => {
    setGoneAfter(a, 2);
    const crashed = world.startSession(a, 'crashed');
    const next = world.startSession(a, 'next');
    assert.equal((await world.coord(a, ['claim', 'issue', '9', '--json'], crashed)).json.confirmation, 'confirmed');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const taken = await world.coord(a, ['claim', 'issue', '9', '--json'], next);
    assert.equal(taken.code, 0, taken.stdout + taken.stderr);
    assert.equal(taken.json.outcome, 'taken-over');
    assert.equal(taken.json.confirmation, 'confirmed');
    assert.equal(
      JSON.parse(
        execFileSync('git', ['--git-dir', world.remote, 'cat-file', 'blob', remoteRef('issue/9')], {
          encoding: 'utf8',
        }),
      ).holder,
      next,
    );
  });

  it("another computer's session is gone here only once no newer heartbeat has reached this computer for the threshold", async () => {
    setGoneAfter(a, 3);
    setGoneAfter(b, 3);
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    assert.equal((await world.coord(a, ['claim', 'issue', '3', '--json'], alice)).json.confirmation, 'confirmed');
    await world.sync(a);
    await world.sync(b);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Alice beats and the beat reaches b just before her heartbeat would be too old: she is live there.
    await world.coord(a, ['heartbeat'], alice);
    await world.sync(a);
    await world.sync(b);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const refused = await world.coord(b, ['claim', 'issue', '3', '--json'], bob);
    assert.equal(refused.code, 1, refused.stdout);
    assert.equal(refused.json.error.details.holder, alice);
    // Nothing newer reaches b for the threshold: gone by b's own clock, taken over at once.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const taken = await world.coord(b, ['claim', 'issue', '3', '--json'], bob);
    assert.equal(taken.code, 0, taken.stdout + taken.stderr);
    assert.equal(taken.json.confirmation, 'confirmed');
  });

  it("a computer that has not looked at the remote never judges another computer's holder gone: its own silence is no news", async () => {
    setGoneAfter(a, 3);
    setGoneAfter(b, 3);
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    assert.equal((await world.coord(b, ['claim', 'issue', '4', '--json'], bob)).json.confirmation, 'confirmed');
    await world.sync(b);
    await world.sync(a);
    // Bob keeps beating and b keeps publishing; a does not sync (its loop failing or in backoff) past the threshold.
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await world.coord(b, ['heartbeat'], bob);
      await world.sync(b);
    }
    // By a's stale copy bob looks gone, so a takes the claim here; but his ref on the remote moved since a last saw
    // it (his renewals), so the takeover's compare-and-swap fails, and a's claim is lost to him.
    const lost = await world.coord(a, ['claim', 'issue', '4', '--json'], alice);
    assert.equal(lost.code, 1, lost.stdout + lost.stderr);
    assert.equal(lost.json.error.details.holder, bob, lost.stdout);
    assert.equal(
      JSON.parse(
        execFileSync('git', ['--git-dir', world.remote, 'cat-file', 'blob', remoteRef('issue/4')], {
          encoding: 'utf8',
        }),
      ).holder,
      bob,
    );
    // Once a looks, it sees bob's newer beats: still his.
    await world.sync(a);
    const still = await world.coord(a, ['claim', 'issue', '4', '--json'], alice);
    assert.equal(still.code, 1, still.stdout);
    assert.equal(still.json.error.details.holder, bob);
  });

  it('coord work next confirms on the remote: of two computers racing for the one item, exactly one holds it', async () => {
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    const added = world.coordSync(a, ['work', 'add', 'the one item', '--json'], alice);
    await world.sync(a);
    await world.sync(b);
    const [ra, rb] = await Promise.all([
      world.coord(a, ['work', 'next', '--json'], alice),
      world.coord(b, ['work', 'next', '--json'], bob),
    ]);
    const winners = [ra, rb].filter((r) => r.code === 0 && r.json.item?.id === added.json.item.id);
    assert.equal(winners.length, 1, `${ra.stdout}${ra.stderr}\n${rb.stdout}${rb.stderr}`);
    assert.equal(winners[0]?.json.confirmation, 'confirmed');
    const loser = winners[0] === ra ? rb : ra;
    assert.equal(loser.code, 1, 'the loser is told nothing is ready, not handed the item');
  });

  it("work done on an item another computer finished first still releases the caller's claim, here and on the remote", async () => {
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    const id = world.coordSync(a, ['work', 'add', 'done twice', '--json'], alice).json.item.id as string;
    await world.sync(a);
    await world.sync(b);
    // Bob takes it and finishes it; alice's computer has not heard yet.
    assert.equal((await world.coord(b, ['work', 'next', '--json'], bob)).json.item.id, id);
    assert.equal((await world.coord(b, ['work', 'done', id, '--json'], bob)).code, 0);
    const taken = await world.coord(a, ['work', 'next', '--json'], alice);
    assert.equal(taken.json.item?.id, id, taken.stdout + taken.stderr);
    assert.equal(remoteRef(`work/${id}`) !== '', true);
    await world.sync(b);
    await world.sync(a);
    const done = await world.coord(a, ['work', 'done', id, '--json'], alice);
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.equal(done.json.item.doneBy, bob);
    assert.equal(existsSync(join(a.tree, 'claims', 'work', `${id}.json`)), false, 'the claim file is gone');
    assert.equal(remoteRef(`work/${id}`), '', 'the ref is gone from the remote');
    const beat = await world.coord(a, ['heartbeat', '--json'], alice);
    assert.equal(beat.code, 0);
    assert.equal(remoteRef(`work/${id}`), '', 'no heartbeat brings it back');
  });

  it('a heartbeat publishes the renewal once the lease on the remote is past half its ttl, with no loop running', async () => {
    const alice = world.startSession(a, 'alice');
    assert.equal(
      (await world.coord(a, ['claim', 'issue', '5', '--ttl', '4s', '--json'], alice)).json.confirmation,
      'confirmed',
    );
    const first = remoteRef('issue/5');
    await world.coord(a, ['heartbeat', '--json'], alice);
    assert.equal(remoteRef('issue/5'), first, 'not due yet: no push');
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await world.coord(a, ['heartbeat', '--json'], alice);
    const renewed = remoteRef('issue/5');
    assert.notEqual(renewed, first, 'past half its ttl: the renewal reached the remote');
    assert.equal(renewed, localBlob(a, 'issue', '5'));
  });

  it("an agent hook's beat publishes the renewal once the lease on the remote is past half its ttl, not before", async () => {
    setGoneAfter(a, 60);
    const alice = world.startSession(a, 'alice');
    assert.equal(
      (await world.coord(a, ['claim', 'issue', '7', '--ttl', '4s', '--json'], alice)).json.confirmation,
      'confirmed',
    );
    const first = remoteRef('issue/7');
    await new Promise((resolve) => setTimeout(resolve, 700));
    const early = await world.coord(a, ['hook', '--beat', '--json'], alice);
    assert.equal(early.json.beat, true, 'a beat was due (half of a 1 s interval)');
    assert.equal(early.json.renewed, 1);
    assert.equal(remoteRef('issue/7'), first, 'not due on the remote yet: no push');
    await new Promise((resolve) => setTimeout(resolve, 2200));
    const due = await world.coord(a, ['hook', '--beat', '--json'], alice);
    assert.equal(due.json.renewed, 1);
    const renewed = remoteRef('issue/7');
    assert.notEqual(renewed, first, 'past half its ttl: the hook published the renewal');
    assert.equal(renewed, localBlob(a, 'issue', '7'));
  });

  it('a pending claim says it is not yet a hold, and a released pending claim never reaches the remote', async () => {
    const alice = world.startSession(a, 'alice');
    world.breakRemote();
    const pending = await world.coord(a, ['claim', 'issue', '6'], alice);
    assert.match(pending.stdout, /PENDING, not yet yours/);
    await world.coord(a, ['release', 'issue', '6'], alice);
    world.restoreRemote();
    await world.sync(a);
    await world.sync(a);
    assert.equal(remoteRef('issue/6'), '');
  });
});
