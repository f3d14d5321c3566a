import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { LoopLock } from '../../../src/core/store/loopLock';
import { CheckoutLoop } from '../../../src/core/loops/checkoutLoop';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CheckoutLoop (one loop of a kind per checkout)', () => {
  let tree: TempTree;
  const loops: CheckoutLoop<unknown>[] = [];
  beforeEach(() => (tree = makeTempTree()));
  afterEach(async () => {
    for (const l of loops.splice(0)) await l.stop();
    tree.cleanup();
  });
  const make = <T>(
    round: () => Promise<T>,
    options: Partial<ConstructorParameters<typeof CheckoutLoop<T>>[4]> = {},
  ) => {
    const loop = new CheckoutLoop<T>(tree.ctx.layout, 'test', tree.ctx.host, round, { intervalMs: 60_000, ...options });
    loops.push(loop as CheckoutLoop<unknown>);
    return loop;
  };

  it('runs its rounds while it holds the loop; a second follows (its round is the follow answer) and takes over once the first stops', async () => {
    let leaderRounds = 0;
    let followerRounds = 0;
    const leader = make(async () => ++leaderRounds);
    const follower = make(async () => ++followerRounds, { follow: (heldBy) => -heldBy.pid });
    assert.equal(await leader.runNow(), 1);
    assert.equal(leader.state.role, 'running');
    assert.equal(await follower.runNow(), -process.pid, 'a follower does not run the round');
    assert.equal(follower.state.role, 'following');
    assert.equal(follower.state.heldBy?.pid, process.pid);
    assert.equal(followerRounds, 0);
    await leader.stop();
    assert.equal(leader.state.role, 'stopped');
    assert.equal(await follower.runNow(), 1, 'the follower took the loop over');
    assert.equal(follower.state.role, 'running');
    assert.equal(follower.holdsLock, true);
  });

  it('tryAcquire answers who holds the loop, without running a round', async () => {
    let rounds = 0;
    const first = make(async () => ++rounds);
    const second = make(async () => ++rounds);
    assert.deepEqual(first.tryAcquire(), { acquired: true });
    const got = second.tryAcquire();
    assert.equal(got.acquired, false);
    assert.equal(!got.acquired && got.heldBy.pid, process.pid);
    assert.equal(rounds, 0);
  });

  it("hears when the lock it held was taken over (it stalled past the lock's staleness), and follows from then on", async function () {
    this.timeout(30_000);
    let lost = 0;
    const loop = make(async () => 'round', { onLost: () => lost++ });
    loop.tryAcquire();
    // Another process judged this one dead and took the lock: the file now names someone else.
    const lock = new LoopLock(tree.ctx.layout, 'test-loop', tree.ctx.host);
    const record = JSON.parse(readFileSync(lock.path, 'utf8')) as Record<string, unknown>;
    writeFileSync(lock.path, JSON.stringify({ ...record, holder: 'someone-else', pid: 1 }));
    const deadline = Date.now() + 20_000;
    while (lost === 0 && Date.now() < deadline) await tick(100);
    assert.equal(lost, 1, 'told once');
    assert.equal(loop.state.role, 'following');
    assert.equal(loop.holdsLock, false);
  });

  it('waits its interval ± the jitter share between rounds', async () => {
    const starts: number[] = [];
    const loop = make(async () => starts.push(Date.now()), { intervalMs: 100, jitterRatio: 0.5 });
    loop.start();
    const deadline = Date.now() + 10_000;
    while (starts.length < 8 && Date.now() < deadline) await tick(10);
    await loop.stop();
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    assert.ok(
      gaps.every((g) => g >= 45),
      `no wait much below 50 ms: ${gaps.join(', ')}`,
    );
    assert.ok(new Set(gaps.map((g) => Math.round(g / 10))).size > 1, `the waits differ: ${gaps.join(', ')}`);
  });
});
