import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoopLock, loopLockStaleMs } from '../../../src/core/store/loopLock';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('LoopLock', () => {
  let t: TempTree;
  beforeEach(() => (t = makeTempTree()));
  afterEach(() => t.cleanup());

  it('lets one holder in and tells the next who holds it', () => {
    const a = new LoopLock(t.ctx.layout, 'sync', 'host-a');
    const b = new LoopLock(t.ctx.layout, 'sync', 'host-a');
    assert.deepEqual(a.tryAcquire(), { acquired: true });
    const second = b.tryAcquire();
    assert.equal(second.acquired, false);
    assert.equal(!second.acquired && second.heldBy.pid, process.pid);
    a.release();
    assert.deepEqual(b.tryAcquire(), { acquired: true });
  });

  it('takes over a lock that was not refreshed in time, and the old holder learns it lost it', () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const a = new LoopLock(t.ctx.layout, 'health', 'host-a', () => now);
    const b = new LoopLock(t.ctx.layout, 'health', 'host-b', () => now);
    assert.equal(a.tryAcquire().acquired, true);
    now += loopLockStaleMs - 1000;
    assert.equal(b.tryAcquire().acquired, false);
    now += 2000;
    assert.equal(b.tryAcquire().acquired, true);
    assert.equal(a.refresh(), false);
    assert.equal(JSON.parse(readFileSync(b.path, 'utf8')).host, 'host-b');
  });

  it('takes over at once a lock held by a dead process on this host', () => {
    const lock = new LoopLock(t.ctx.layout, 'sync', 'this-host');
    mkdirSync(dirname(lock.path), { recursive: true });
    const now = new Date().toISOString();
    // pid 2^22+ is above Linux's pid_max default, so no such process exists.
    writeFileSync(
      lock.path,
      JSON.stringify({
        name: 'sync',
        holder: 'x',
        host: 'this-host',
        pid: 4_194_999,
        acquiredAt: now,
        refreshedAt: now,
      }),
    );
    assert.equal(lock.tryAcquire().acquired, true);
  });

  it('refresh keeps it fresh', () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const a = new LoopLock(t.ctx.layout, 'sync', 'h', () => now);
    const b = new LoopLock(t.ctx.layout, 'sync', 'h2', () => now);
    a.tryAcquire();
    for (let i = 0; i < 5; i++) {
      now += loopLockStaleMs / 2;
      assert.equal(a.refresh(), true);
      assert.equal(b.tryAcquire().acquired, false);
    }
  });
});
