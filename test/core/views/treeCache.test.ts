import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { takeClaim, releaseClaim } from '../../../src/core/claims/claims';
import { heartbeat } from '../../../src/core/claims/sessionLifecycle';
import { sendMessage } from '../../../src/core/messages/messages';
import { markRead } from '../../../src/core/messages/readMarkers';
import { startSession } from '../../../src/core/sessions/sessions';
import { openContext } from '../../../src/core/records/context';
import { TreeCache, type SnapshotClaim } from '../../../src/core/views/treeCache';
import { TreeWatcher } from '../../../src/core/store/treeWatcher';
import { addWork } from '../../../src/core/work/work';
import { computerFactPaths } from '../../../src/core/views/computerFacts';
import { writeComputers, writeLastRound } from '../../../src/core/sync/computersFile';
import { claimRefStateFile, forgetClaimRefStates, writeClaimRefState } from '../../../src/core/sync/claimRefState';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';
import { writeFromAnotherProcess } from '../../helpers/writeFromAnotherProcess';

describe('TreeCache', () => {
  let t: TempTree;
  beforeEach(() => (t = makeTempTree()));
  afterEach(() => t.cleanup());

  it('loads sessions, claims, work and the inbox of its session', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const other = startSession(t.ctx, { name: 'other' }).id;
    takeClaim(t.ctx, other, 'issue', '1');
    addWork(t.ctx, 'Task', { priority: 70 });
    sendMessage(t.ctx, other, me, 'hi', 'body');
    // Ids sort by time; within one millisecond their order is random.
    t.clock.advance(1);
    sendMessage(t.ctx, other, 'broadcast', 'all', 'body');
    sendMessage(t.ctx, me, 'broadcast', 'mine', 'own broadcasts are not in my inbox');
    const cache = new TreeCache(t.ctx, me);
    const snap = cache.snapshot();
    assert.deepEqual(
      snap.sessions.map((s) => s.session.name),
      ['me', 'other'],
    );
    assert.deepEqual(
      snap.claims.map((c) => `${c.claim.type}/${c.claim.name}:${c.claim.holder}`),
      [`issue/1:${other}`],
    );
    assert.deepEqual(
      snap.sessions.find((s) => s.session.id === other)?.claims.map((c) => c.claim.name),
      ['1'],
    );
    assert.deepEqual(
      snap.inbox.map((e) => e.message.subject),
      ['hi', 'all'],
    );
    assert.equal(snap.work[0]?.item.title, 'Task');
    assert.equal(snap.work[0]?.state, 'ready');
  });

  it('re-reads only the paths it is given', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    const other = startSession(t.ctx, { name: 'later' }).id;
    // Not told yet: the cache still holds what it loaded.
    assert.equal(cache.snapshot().sessions.length, 1);
    const changes = cache.applyChanges([t.ctx.layout.sessionFile(other)]);
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['session'],
    );
    assert.equal(cache.snapshot().sessions.length, 2);
  });

  it('reports before and after for claims, and removes deleted ones', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    takeClaim(t.ctx, me, 'module', 'auth');
    const path = t.ctx.layout.claimFile('module', 'auth');
    const [added] = cache.applyChanges([path]);
    assert.equal(added?.kind, 'claim');
    assert.equal(added?.kind === 'claim' && added.before, undefined);
    assert.equal(added?.kind === 'claim' && added.after?.holder, me);
    releaseClaim(t.ctx, me, 'module', 'auth');
    const [removed] = cache.applyChanges([path]);
    assert.ok(removed?.kind === 'claim' && removed.before && !removed.after);
    assert.equal(cache.snapshot().claims.length, 0);
  });

  it('reports the claims of a claim-type folder that appeared or went as a whole, once', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    takeClaim(t.ctx, me, 'brandnew', 'one');
    const folder = t.ctx.layout.claimTypeDir('brandnew');
    const file = t.ctx.layout.claimFile('brandnew', 'one');
    // A watcher may name the new folder before or after the file in it; either way the claim is reported once.
    const added = cache.applyChanges([folder, file]);
    assert.deepEqual(
      added.filter((c) => c.kind === 'claim' && !c.before).map((c) => c.kind === 'claim' && c.after?.holder),
      [me],
    );
    assert.equal(
      added.filter((c) => c.kind === 'claim' && c.before && c.after && c.before.renewedAt !== c.after.renewedAt).length,
      0,
    );
    releaseClaim(t.ctx, me, 'brandnew', 'one');
    rmSync(folder, { recursive: true, force: true });
    const [gone] = cache.applyChanges([folder]);
    assert.ok(gone?.kind === 'claim' && gone.key === 'brandnew/one' && gone.before && !gone.after);
    assert.equal(cache.snapshot().claims.length, 0);
  });

  it('reads the messages of an inbox folder that appeared as a whole, and reports each once', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const other = startSession(t.ctx, { name: 'other' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    const sent = sendMessage(t.ctx, other, me, 'first', 'in a folder made with it');
    const folder = t.ctx.layout.inboxDir(me);
    // What the watcher delivered when it lost a message: the new folder alone, not the file created in it.
    const alone = cache.applyChanges([folder]);
    assert.deepEqual(
      alone.map((c) => c.kind === 'message' && c.after?.subject),
      ['first'],
    );
    assert.deepEqual(
      cache.snapshot().inbox.map((e) => e.message.id),
      [sent.id],
    );
    // A later batch naming the folder or the file again is no new message (nor a second notification).
    assert.deepEqual(cache.applyChanges([folder, t.ctx.layout.messageFile(me, sent.id)]), []);
    rmSync(folder, { recursive: true, force: true });
    assert.deepEqual(
      cache.applyChanges([folder]).map((c) => c.kind === 'message' && !c.after && c.id),
      [sent.id],
    );
    assert.equal(cache.snapshot().inbox.length, 0);
  });

  it('gets every message another process sends to a brand-new inbox folder, through the real watcher', async function () {
    this.timeout(120_000);
    // The real clock: the sending process judges the sessions alive by it.
    const ctx = openContext(t.root);
    const alice = startSession(ctx, { name: 'alice' }).id;
    const cache = new TreeCache(ctx);
    cache.loadAll();
    let wake: (() => void) | undefined;
    const watcher = new TreeWatcher(ctx.layout.dir, (paths) => {
      cache.applyChanges(paths);
      wake?.();
    });
    await watcher.start();
    // One long-lived sender, so each send is `sendMessage`'s own few milliseconds: mkdir, then the file.
    const script = `const { openContext } = require(${JSON.stringify(require.resolve('../../../src/core/records/context'))});
      const { sendMessage } = require(${JSON.stringify(require.resolve('../../../src/core/messages/messages'))});
      const ctx = openContext(process.argv[1]);
      require('node:readline').createInterface({ input: process.stdin }).on('line', (to) =>
        process.stdout.write(sendMessage(ctx, process.argv[2], to, 'hi', 'body').id + '\\n'));`;
    const sender = spawn(process.execPath, ['-e', script, t.root, alice], { stdio: ['pipe', 'pipe', 'inherit'] });
    const replies = createInterface({ input: sender.stdout! })[Symbol.asyncIterator]();
    const lost: string[] = [];
    const rounds = 100;
    try {
      for (let i = 0; i < rounds; i++) {
        // A window that just registered: its inbox folder does not exist until the first message comes.
        const me = startSession(ctx, { name: `window${i}` }).id;
        cache.setSelf(me);
        sender.stdin!.write(`${me}\n`);
        const { value: id, done } = await replies.next();
        assert.ok(!done, 'the sending process ended');
        const held = () => cache.snapshot().inbox.some((e) => e.message.id === id);
        const deadline = Date.now() + 2000;
        while (!held() && Date.now() < deadline) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 100);
          });
        }
        if (!held()) lost.push(`round ${i}: ${String(id)}`);
      }
    } finally {
      sender.kill();
      await watcher.dispose();
    }
    assert.deepEqual(lost, [], `${lost.length} of ${rounds} messages never reached the cache`);
  });

  it('marks messages read when their marker appears, and ignores other inboxes', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const other = startSession(t.ctx, { name: 'other' }).id;
    const third = startSession(t.ctx, { name: 'third' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    const mine = sendMessage(t.ctx, other, me, 'for me', 'x');
    const theirs = sendMessage(t.ctx, other, third, 'not for me', 'x');
    const changes = cache.applyChanges([
      t.ctx.layout.messageFile(me, mine.id),
      t.ctx.layout.messageFile(third, theirs.id),
    ]);
    assert.equal(changes.length, 1);
    assert.deepEqual(
      cache.snapshot().inbox.map((e) => [e.message.subject, e.read]),
      [['for me', false]],
    );
    markRead(t.ctx.layout, me, mine.id);
    cache.applyChanges([join(t.ctx.layout.readMarkersDir(me), mine.id)]);
    assert.deepEqual(
      cache.snapshot().inbox.map((e) => e.read),
      [true],
    );
  });

  it('re-reads the read markers when only the markers folder is reported (a first marker, created with its folder)', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const other = startSession(t.ctx, { name: 'other' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    const mine = sendMessage(t.ctx, other, me, 'for me', 'x');
    cache.applyChanges([t.ctx.layout.messageFile(me, mine.id)]);
    // The watcher reports a new folder, then lists it; a marker written in between may never be reported alone.
    markRead(t.ctx.layout, me, mine.id);
    cache.applyChanges([join(t.ctx.layout.localDir, 'read')]);
    assert.deepEqual(
      cache.snapshot().inbox.map((e) => e.read),
      [true],
    );
  });

  it('keeps a bad file out and reports it, then clears the report when the file is fixed or removed', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    const cache = new TreeCache(t.ctx, me);
    cache.loadAll();
    const bad = join(t.ctx.layout.sessionsDir, 'broken.json');
    writeFileSync(bad, '{ not json');
    cache.applyChanges([bad]);
    assert.equal(cache.snapshot().sessions.length, 1);
    assert.equal(cache.snapshot().diagnostics[0]?.path, bad);
    rmSync(bad);
    cache.applyChanges([bad]);
    assert.deepEqual(cache.snapshot().diagnostics, []);
  });

  it('derives liveness and time left from the clock at snapshot time', () => {
    const me = startSession(t.ctx, { name: 'me' }).id;
    takeClaim(t.ctx, me, 'issue', '9', { ttlSeconds: 600 });
    const cache = new TreeCache(t.ctx, me);
    assert.equal(cache.snapshot().sessions[0]?.state, 'active');
    t.clock.advance(3 * 60_000);
    assert.equal(cache.snapshot().sessions[0]?.state, 'stale');
    assert.equal(cache.snapshot().claims[0]?.remainingMs, 7 * 60_000);
    heartbeat(t.ctx, me, {});
    cache.applyChanges([t.ctx.layout.sessionFile(me)]);
    assert.equal(cache.snapshot().sessions[0]?.state, 'active');
  });

  it('switching its session reloads the inbox', () => {
    const a = startSession(t.ctx, { name: 'a' }).id;
    const b = startSession(t.ctx, { name: 'b' }).id;
    sendMessage(t.ctx, a, b, 'to b', 'x');
    const cache = new TreeCache(t.ctx, a);
    assert.equal(cache.snapshot().inbox.length, 0);
    cache.setSelf(b);
    assert.deepEqual(
      cache.snapshot().inbox.map((e) => e.message.subject),
      ['to b'],
    );
  });

  it("holds the sync round's computer facts and reads them again only when their files change", () => {
    const cache = new TreeCache(t.ctx);
    assert.deepEqual(cache.snapshot().computerFacts, {});
    assert.equal(cache.snapshot().host, t.ctx.host);
    const newsAt = new Date(t.clock.now()).toISOString();
    writeComputers(t.ctx.layout, {
      version: 1,
      remote: 'origin',
      self: { writer: 'me.1', host: t.ctx.host },
      writers: [{ writer: 'c2.1', host: 'c2', tip: 'a'.repeat(40), newsAt }],
    });
    assert.deepEqual(cache.snapshot().computerFacts, {}, 'not re-read without being told');
    const [computers, lastRound] = computerFactPaths(t.ctx.layout);
    assert.deepEqual(cache.applyChanges([computers ?? '']), []);
    assert.deepEqual(cache.snapshot().computerFacts.writers, [{ writer: 'c2.1', host: 'c2', newsAtMs: t.clock.now() }]);
    const round = { finishedAt: newsAt, ahead: 1, behind: null, durationMs: 1, problems: 0 };
    writeLastRound(t.ctx.layout, { outcome: 'offline', ...round });
    cache.applyChanges([lastRound ?? '']);
    assert.equal(cache.snapshot().computerFacts.lastRound?.outcome, 'offline');
    rmSync(computers ?? '');
    cache.applyChanges([computers ?? '']);
    assert.equal(cache.snapshot().computerFacts.writers, undefined);
  });

  describe('claim confirmation', () => {
    const shown = (v: SnapshotClaim) => (v.pendingReason ? `${v.confirmation} (${v.pendingReason})` : v.confirmation);
    const confirmationsOf = (cache: TreeCache) =>
      Object.fromEntries(cache.snapshot().claims.map((v) => [`${v.claim.type}/${v.claim.name}`, shown(v) ?? 'local']));

    it("carries each claim's confirmation in the snapshot, and follows the state files it is told of", () => {
      const me = startSession(t.ctx, { name: 'me' }).id;
      const one = takeClaim(t.ctx, me, 'issue', '1');
      takeClaim(t.ctx, me, 'issue', '2');
      const cache = new TreeCache(t.ctx, me);
      // A checkout that never confirmed a claim: claims are simply local.
      assert.deepEqual(confirmationsOf(cache), { 'issue/1': 'local', 'issue/2': 'local' });
      const lease = { holder: me, acquiredAt: one.claim.acquiredAt };
      writeClaimRefState(t.ctx.layout, 'issue', '1', { ref: 'a', refSeenAt: 1, lease });
      assert.deepEqual(confirmationsOf(cache), { 'issue/1': 'local', 'issue/2': 'local' }, 'not re-read untold');
      assert.deepEqual(cache.applyChanges([join(t.ctx.layout.localDir, 'claim-refs')]), []);
      assert.deepEqual(confirmationsOf(cache), { 'issue/1': 'confirmed', 'issue/2': 'pending' });
      writeClaimRefState(t.ctx.layout, 'issue', '2', { pendingReason: 'no remote reachable' });
      cache.applyChanges([claimRefStateFile(t.ctx.layout, 'issue', '2')]);
      assert.deepEqual(confirmationsOf(cache), { 'issue/1': 'confirmed', 'issue/2': 'pending (no remote reachable)' });
      // Sessions list the same entries.
      const mine = cache.snapshot().sessions[0]?.claims.map((v) => v.confirmation);
      assert.deepEqual(mine, ['confirmed', 'pending']);
      // Another lease of the same claim is not the confirmed one.
      const older = { ...lease, acquiredAt: '2020-01-01T00:00:00.000Z' };
      writeClaimRefState(t.ctx.layout, 'issue', '1', { ref: 'b', refSeenAt: 2, lease: older });
      cache.applyChanges([claimRefStateFile(t.ctx.layout, 'issue', '1')]);
      assert.equal(confirmationsOf(cache)['issue/1'], 'pending');
      forgetClaimRefStates(t.ctx.layout);
      // A batch may hold just one state file of the folder that went: the claims are local again all the same.
      cache.applyChanges([claimRefStateFile(t.ctx.layout, 'issue', '1')]);
      assert.deepEqual(confirmationsOf(cache), { 'issue/1': 'local', 'issue/2': 'local' });
    });

    it('gets a confirmation written by another process through the real watcher', async function () {
      this.timeout(20_000);
      const me = startSession(t.ctx, { name: 'me' }).id;
      const claim = takeClaim(t.ctx, me, 'issue', '9');
      writeClaimRefState(t.ctx.layout, 'issue', '9', { pendingReason: 'offline' });
      const cache = new TreeCache(t.ctx, me);
      cache.loadAll();
      assert.equal(confirmationsOf(cache)['issue/9'], 'pending (offline)');
      const watcher = new TreeWatcher(t.ctx.layout.dir, (paths) => cache.applyChanges(paths), { debounceMs: 20 });
      await watcher.start();
      try {
        const lease = { holder: me, acquiredAt: claim.claim.acquiredAt };
        const state = JSON.stringify({ ref: 'a', refSeenAt: 1, lease });
        writeFromAnotherProcess(claimRefStateFile(t.ctx.layout, 'issue', '9'), state);
        for (let i = 0; i < 250 && confirmationsOf(cache)['issue/9'] !== 'confirmed'; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal(confirmationsOf(cache)['issue/9'], 'confirmed');
      } finally {
        await watcher.dispose();
      }
    });
  });
});
