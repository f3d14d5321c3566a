import assert from 'node:assert/strict';
import { HealthLoop, healthLoopLockName, runHealthRoundNow } from '../../../src/core/health/healthLoop';
import { loopLockName } from '../../../src/core/health/watchLoops';
import { startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('HealthLoop (one per checkout, the others follow)', () => {
  let tree: TempTree;
  const loops: HealthLoop[] = [];
  beforeEach(() => (tree = makeTempTree()));
  afterEach(async () => {
    for (const l of loops.splice(0)) await l.dispose();
    tree.cleanup();
  });
  const make = (trusted = true) => {
    const loop = new HealthLoop(tree.ctx, { intervalMs: 60_000, trusted: () => trusted });
    loops.push(loop);
    return loop;
  };

  it('the first runs the rounds; a second follows, reading the rounds the first wrote; it takes over when the first stops', async () => {
    startSession(tree.ctx, { name: 'a' });
    const leader = make();
    const follower = make();
    const first = await leader.runNow();
    assert.equal(leader.state.role, 'running');
    assert.equal(first?.round, 1);
    const seen = await follower.runNow();
    assert.equal(follower.state.role, 'following');
    assert.equal(follower.state.heldBy?.pid, process.pid);
    assert.equal(seen?.round, 1, "the follower shows the leader's round");

    const during = await runHealthRoundNow(tree.ctx, { trusted: true });
    assert.equal(during.result.recorded, false, 'an on-demand round while a loop runs is a look only');
    assert.ok(during.heldBy);

    await leader.dispose();
    const taken = await follower.runNow();
    assert.equal(follower.state.role, 'running');
    assert.equal(taken?.round, 2, "it continues the checkout's count");
  });

  it('takes the same lock as the health loop of coord watch', () => {
    assert.equal(healthLoopLockName, loopLockName('health'));
  });

  it('tells listeners about each round', async () => {
    const loop = make();
    const rounds: number[] = [];
    loop.onDidChange((s) => {
      if (!s.task.running && s.latest) rounds.push(s.latest.round);
    });
    await loop.runNow();
    await loop.runNow();
    assert.deepEqual([...new Set(rounds)], [1, 2]);
  });
});
