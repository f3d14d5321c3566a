import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { takeClaim } from '../../../src/core/claims/claims';
import type { CoordContext } from '../../../src/core/records/context';
import { LoopLock } from '../../../src/core/store/loopLock';
import { computerFactPaths, readComputerFacts, syncLockFile } from '../../../src/core/views/computerFacts';
import { defaultSyncIntervalMs, listComputers, type ComputerView } from '../../../src/core/views/computers';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { startSession } from '../../../src/core/sessions/sessions';
import { readStatus } from '../../../src/core/views/status';
import { computersFile, writeComputers, writeLastRound, type WriterSeen } from '../../../src/core/sync/computersFile';
import { addWork, claimNextWork } from '../../../src/core/work/work';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

const minute = 60_000;

describe('computers', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  /** The sessions of another computer, as they arrive there: written with that computer's host name. */
  const on = (host: string): CoordContext => ({ ...tree.ctx, host });
  const self = () => tree.ctx.host;

  /** Everything read back from the files, as `coord status` and the views get it. */
  function computers(intervalMs = defaultSyncIntervalMs): ComputerView[] {
    const status = readStatus(tree.ctx, undefined, { messageTotals: false });
    return listComputers({
      sessions: status.sessions,
      claims: status.claims,
      work: status.workItems,
      facts: readComputerFacts(tree.ctx.layout),
      selfHost: self(),
      nowMs: tree.clock.now(),
      syncIntervalMs: intervalMs,
    });
  }

  function seen(writers: { writer: string; host: string; newsAtMs: number }[]): void {
    writeComputers(tree.ctx.layout, {
      version: 1,
      remote: 'origin',
      self: { writer: `${self()}.aaaa`, host: self() },
      writers: writers.map((w): WriterSeen => ({
        writer: w.writer,
        host: w.host,
        tip: '0'.repeat(40),
        newsAt: new Date(w.newsAtMs).toISOString(),
      })),
    });
  }

  const row = (list: ComputerView[], host: string) => {
    const found = list.find((c) => c.host === host);
    assert.ok(found, `${host} is listed: ${list.map((c) => c.host).join(', ')}`);
    return found;
  };

  it('before any round with a remote shows this computer alone, from its own sessions, never synced', () => {
    const mine = startSession(tree.ctx, { name: 'alice' }).id;
    startSession(on('c2'), { name: 'bob' });
    const list = computers();
    assert.deepEqual(
      list.map((c) => c.host),
      [self()],
    );
    const me = row(list, self());
    assert.equal(me.self, true);
    assert.equal(me.state, 'idle');
    assert.deepEqual(
      me.sessions.map((s) => s.id),
      [mine],
    );
    assert.equal(me.newsAt, undefined);
    assert.deepEqual(me.sync, { syncing: false, neverSynced: true });
  });

  it('is active while a live session holds a claim or a work item, idle otherwise', () => {
    const alice = startSession(tree.ctx, { name: 'alice' }).id;
    const bob = startSession(tree.ctx, { name: 'bob' }).id;
    assert.equal(row(computers(), self()).state, 'idle');
    takeClaim(tree.ctx, alice, 'issue', '1', { ttlSeconds: 600 });
    let me = row(computers(), self());
    assert.equal(me.state, 'active');
    assert.deepEqual(
      me.sessions.map((s) => [s.name, s.working]),
      [
        ['alice', true],
        ['bob', false],
      ],
    );
    // The lease runs out unrenewed: holding nothing any more, so idle again.
    tree.clock.advance(601_000);
    heartbeat(tree.ctx, bob, {});
    me = row(computers(), self());
    assert.equal(me.state, 'idle');
    assert.equal(me.live, 2, 'alice is stale, still live, with an expired lease');
    const states = me.sessions.map((s) => [s.name, s.state, s.working]);
    assert.deepEqual(states, [
      ['alice', 'stale', false],
      ['bob', 'active', false],
    ]);
    addWork(tree.ctx, 'ship it');
    assert.ok(claimNextWork(tree.ctx, bob));
    me = row(computers(), self());
    assert.equal(me.state, 'active');
    assert.equal(me.working, 1);
    // An ended session holds nothing: its computer goes idle.
    stopSession(tree.ctx, bob);
    assert.equal(row(computers(), self()).state, 'idle');
  });

  it('judges another computer offline after two sync intervals without news, by this clock only', () => {
    const bob = startSession(on('c2'), { name: 'bob' }).id;
    takeClaim(on('c2'), bob, 'issue', '7', { ttlSeconds: 7200 });
    const arrived = tree.clock.now();
    seen([{ writer: 'c2.bbbb', host: 'c2', newsAtMs: arrived }]);
    assert.equal(row(computers(), 'c2').state, 'active');
    assert.equal(row(computers(), 'c2').newsAgeMs, 0);
    // bob keeps beating on c2 (its own records say it is live and working), but no news reaches this computer.
    tree.clock.advance(2 * defaultSyncIntervalMs);
    heartbeat(on('c2'), bob, {});
    assert.equal(row(computers(), 'c2').state, 'active', 'exactly two intervals is still in time');
    tree.clock.advance(1);
    heartbeat(on('c2'), bob, {});
    const c2 = row(computers(), 'c2');
    assert.equal(c2.state, 'offline');
    assert.equal(c2.newsAgeMs, 2 * defaultSyncIntervalMs + 1);
    assert.equal(c2.working, 1, 'its sessions are still shown as their records say');
    // A longer interval (the setting) moves the boundary.
    assert.equal(row(computers(10 * minute), 'c2').state, 'active');
    // News arrives again: fresh.
    seen([{ writer: 'c2.bbbb', host: 'c2', newsAtMs: tree.clock.now() }]);
    assert.equal(row(computers(), 'c2').state, 'active');
  });

  it('groups writers by host with the newest news, and this computer is never offline to itself', () => {
    const t = tree.clock.now();
    seen([
      { writer: `${self()}.aaaa`, host: self(), newsAtMs: t - 60 * minute },
      { writer: 'c2.one', host: 'c2', newsAtMs: t - 30 * minute },
      { writer: 'c2.two', host: 'c2', newsAtMs: t - 2 * minute },
      { writer: 'c3.one', host: 'c3', newsAtMs: t - 11 * minute },
    ]);
    startSession(on('c3'), { name: 'carol' });
    const list = computers();
    const rows = list.map((c) => [c.host, c.state, c.writers]);
    assert.deepEqual(rows, [
      [self(), 'idle', 1],
      ['c2', 'idle', 2],
      ['c3', 'offline', 1],
    ]);
    assert.equal(row(list, 'c2').newsAt, new Date(t - 2 * minute).toISOString());
    assert.equal(row(list, self()).sync?.neverSynced, false);
    assert.equal(row(list, 'c3').sessions[0]?.name, 'carol');
  });

  it('lists a host whose copy was never seen when it has live sessions, as offline with no news', () => {
    seen([]);
    startSession(on('c9'), { name: 'ghost' });
    const c9 = row(computers(), 'c9');
    assert.equal(c9.state, 'offline');
    assert.equal(c9.newsAt, undefined);
    assert.equal(c9.writers, 0);
  });

  it('shows this computer syncing while a round holds the sync lock, and the last round with its error', () => {
    const lock = new LoopLock(tree.ctx.layout, 'sync', self(), () => tree.clock.now());
    assert.equal(lock.tryAcquire().acquired, true);
    assert.equal(lock.path, syncLockFile(tree.ctx.layout));
    assert.equal(row(computers(), self()).sync?.syncing, true);
    // A killed round's lock, unrefreshed past the stale time, is not a round running.
    tree.clock.advance(30_001);
    assert.equal(row(computers(), self()).sync?.syncing, false);
    lock.release();
    const finishedAt = new Date(tree.clock.now()).toISOString();
    const reason = 'origin: could not resolve host';
    const round = {
      outcome: 'offline' as const,
      finishedAt,
      reason,
      ahead: 3,
      behind: null,
      durationMs: 40,
      problems: 0,
    };
    writeLastRound(tree.ctx.layout, round);
    const sync = row(computers(), self()).sync;
    assert.deepEqual(sync, {
      syncing: false,
      neverSynced: false,
      lastRound: { outcome: 'offline', finishedAt, ahead: 3, behind: null, reason: 'origin: could not resolve host' },
      lastError: 'origin: could not resolve host',
    });
    writeLastRound(tree.ctx.layout, { outcome: 'synced', finishedAt, ahead: 0, behind: 0, durationMs: 4, problems: 0 });
    assert.equal(row(computers(), self()).sync?.lastError, undefined);
  });

  it('drops what is not well formed in the files and never throws on them', () => {
    const file = computersFile(tree.ctx.layout);
    mkdirSync(dirname(file), { recursive: true });
    const t = new Date(tree.clock.now()).toISOString();
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        remote: 'origin',
        self: { writer: 'x', host: self() },
        writers: [
          null,
          7,
          { writer: 'c2.a', host: 'c2', newsAt: 'yesterday' },
          { writer: 'c4.a', host: 'x'.repeat(300), newsAt: t },
          { writer: 'c5.a', host: '<img src=x onerror=alert(1)>', newsAt: t },
        ],
      }),
    );
    writeFileSync(computerFactPaths(tree.ctx.layout)[1] ?? '', '{"outcome": 3}');
    mkdirSync(dirname(syncLockFile(tree.ctx.layout)), { recursive: true });
    writeFileSync(syncLockFile(tree.ctx.layout), 'not json');
    const list = computers();
    assert.deepEqual(
      list.map((c) => c.host),
      [self(), '<img src=x onerror=alert(1)>'],
    );
    assert.deepEqual(row(list, self()).sync, { syncing: false, neverSynced: false });
    writeFileSync(file, '{"version": 2}');
    assert.deepEqual(
      computers().map((c) => c.host),
      [self()],
    );
  });
});
