import * as assert from 'node:assert/strict';
import { PeriodicTask } from '../../../src/core/store/periodicTask';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicTask', () => {
  it('never overlaps itself: runNow during a run joins that run', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const task = new PeriodicTask(
      't',
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await tick(30);
        running--;
        return ++runs;
      },
      { intervalMs: 10_000 },
    );
    const [a, b, c] = await Promise.all([task.runNow(), task.runNow(), task.runNow()]);
    assert.deepEqual([a, b, c], [1, 1, 1]);
    assert.equal(maxRunning, 1);
    assert.equal(task.state.runs, 1);
  });

  it('runs every interval once started, and stops', async () => {
    let runs = 0;
    const task = new PeriodicTask('t', async () => ++runs, { intervalMs: 20 });
    task.start();
    // Polled rather than timed, so a loaded machine only makes it slower, not flaky.
    const deadline = Date.now() + 5000;
    while (runs < 3 && Date.now() < deadline) await tick(10);
    task.stop();
    const seen = runs;
    assert.ok(seen >= 3, `ran ${seen} times at a 20 ms interval`);
    await tick(60);
    assert.equal(runs, seen, 'no run after stop');
  });

  it('keeps the failure and backs off: the wait doubles per consecutive failure', async () => {
    const task = new PeriodicTask<number>(
      't',
      async () => {
        throw new Error('remote unreachable');
      },
      { intervalMs: 1000, maxBackoffMs: 60_000 },
    );
    task.start(10_000);
    await assert.rejects(task.runNow(), /remote unreachable/);
    await tick(0);
    assert.equal(task.state.lastError, 'remote unreachable');
    assert.equal(task.state.consecutiveFailures, 1);
    const first = task.state.nextRunAt! - task.state.lastFinishedAt!;
    await assert.rejects(task.runNow(), /remote unreachable/);
    await tick(0);
    const second = task.state.nextRunAt! - task.state.lastFinishedAt!;
    task.stop();
    assert.ok(first >= 1900 && first <= 2100, `first wait ${first}`);
    assert.ok(second >= 3900 && second <= 4100, `second wait ${second}`);
  });

  it('clears the failure after a success', async () => {
    let fail = true;
    const task = new PeriodicTask(
      't',
      async () => {
        if (fail) throw new Error('x');
        return 'ok';
      },
      { intervalMs: 1000 },
    );
    await assert.rejects(task.runNow());
    fail = false;
    assert.equal(await task.runNow(), 'ok');
    assert.equal(task.state.consecutiveFailures, 0);
    assert.equal(task.state.lastError, undefined);
  });
});
