import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { takeClaim } from '../../../src/core/claims/claims';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { readMessage, sendMessage } from '../../../src/core/messages/messages';
import { startSession } from '../../../src/core/sessions/sessions';
import { readStatus, statusFromCache } from '../../../src/core/views/status';
import { TreeCache } from '../../../src/core/views/treeCache';
import { countInbox } from '../../../src/core/messages/messages';
import { addWork, claimNextWork, completeWork } from '../../../src/core/work/work';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('status', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('is empty for a fresh tree', () => {
    const status = readStatus(tree.ctx);
    assert.equal(status.dir, tree.ctx.layout.dir);
    assert.equal(status.now, '2026-11-21T12:00:00.000Z');
    assert.equal(status.self, undefined);
    assert.deepEqual(status.sessions, []);
    assert.deepEqual(status.sessionCounts, { active: 0, stale: 0, gone: 0, ended: 0 });
    assert.deepEqual(status.claims, []);
    assert.deepEqual(status.messages, { total: 0, today: 0 });
    assert.deepEqual(status.work, { ready: 0, claimed: 0, blocked: 0, done: 0 });
    assert.deepEqual(status.diagnostics, []);
  });

  it('counts sessions by liveness, claims, messages and work', () => {
    // Yesterday's message counts in the total but not today.
    tree.clock.ms = Date.parse('2026-11-20T23:59:00.000Z');
    const old = startSession(tree.ctx, { name: 'old' }).id;
    const stale = startSession(tree.ctx, { name: 'stale' }).id;
    sendMessage(tree.ctx, old, stale, 'yesterday', '');
    tree.clock.ms = Date.parse('2026-11-21T00:14:00.000Z');
    heartbeat(tree.ctx, stale, {});
    tree.clock.ms = Date.parse('2026-11-21T00:20:00.000Z');
    const alice = startSession(tree.ctx, { name: 'alice' }).id;
    const bob = startSession(tree.ctx, { name: 'bob' }).id;
    const ended = startSession(tree.ctx, { name: 'ended' }).id;
    stopSession(tree.ctx, ended);

    takeClaim(tree.ctx, alice, 'issue', '1');
    takeClaim(tree.ctx, alice, 'module', 'auth');
    takeClaim(tree.ctx, bob, 'issue', '2');
    const first = addWork(tree.ctx, 'first', { priority: 90 });
    addWork(tree.ctx, 'blocked', { dependsOn: [first.id] });
    addWork(tree.ctx, 'ready');
    const done = addWork(tree.ctx, 'done', { priority: 10 });
    completeWork(tree.ctx, bob, done.id);
    claimNextWork(tree.ctx, bob);
    const direct = sendMessage(tree.ctx, bob, alice, 'hi', '');
    sendMessage(tree.ctx, bob, 'broadcast', 'all', '');
    sendMessage(tree.ctx, alice, bob, 'yo', '');
    readMessage(tree.ctx, alice, direct.id);

    const status = readStatus(tree.ctx, alice);
    assert.deepEqual(status.sessionCounts, { active: 2, stale: 1, gone: 1, ended: 1 });
    assert.deepEqual(
      status.sessions.map((s) => [s.session.name, s.state]),
      [
        ['alice', 'active'],
        ['bob', 'active'],
        ['ended', 'ended'],
        ['old', 'gone'],
        ['stale', 'stale'],
      ],
    );
    assert.deepEqual(status.sessions.find((s) => s.session.id === alice)?.claims.sort(), ['issue/1', 'module/auth']);
    assert.deepEqual(
      status.sessions.find((s) => s.session.id === bob)?.claims.sort(),
      [`issue/2`, `work/${first.id}`].sort(),
    );
    assert.deepEqual(
      status.claims.map((c) => `${c.claim.type}/${c.claim.name}`),
      ['issue/1', 'issue/2', 'module/auth', `work/${first.id}`],
    );
    assert.deepEqual(status.messages, { total: 4, today: 3 });
    assert.deepEqual(status.work, { ready: 1, claimed: 1, blocked: 1, done: 1 });
    assert.deepEqual(status.self, { id: alice, inbox: { direct: 1, broadcast: 1, unread: 1 } });
    assert.equal(status.workItems[0]?.item.id, first.id);
  });

  it('collects bad files as diagnostics instead of failing', () => {
    const alice = startSession(tree.ctx, { name: 'alice' }).id;
    takeClaim(tree.ctx, alice, 'issue', '1');
    writeFileSync(tree.ctx.layout.claimFile('issue', '1'), '{');
    writeFileSync(tree.ctx.layout.sessionFile('bad'), readFileSync(tree.ctx.layout.sessionFile(alice)));
    const status = readStatus(tree.ctx);
    assert.deepEqual(
      status.diagnostics.map((d) => d.path).sort(),
      [tree.ctx.layout.claimFile('issue', '1'), tree.ctx.layout.sessionFile('bad')].sort(),
    );
    assert.equal(status.sessions.length, 1);
    assert.equal(status.claims.length, 0);
  });

  it('survives a file where the messages folder belongs', () => {
    rmSync(tree.ctx.layout.messagesDir, { recursive: true });
    writeFileSync(tree.ctx.layout.messagesDir, '');
    assert.deepEqual(readStatus(tree.ctx).messages, { total: 0, today: 0 });
  });

  it('told from the tree cache (the live board) is the same snapshot as read from the tree', () => {
    const alice = startSession(tree.ctx, { name: 'alice', role: 'backend' }).id;
    const bob = startSession(tree.ctx, { name: 'bob' }).id;
    takeClaim(tree.ctx, alice, 'issue', '42');
    sendMessage(tree.ctx, bob, alice, 'hello', 'body');
    sendMessage(tree.ctx, bob, 'broadcast', 'everyone', 'body');
    addWork(tree.ctx, 'First');
    tree.clock.advance(3 * 60_000);
    heartbeat(tree.ctx, bob, { action: 'editing' });
    writeFileSync(`${tree.ctx.layout.sessionsDir}/broken.json`, '{ not json');
    const cache = new TreeCache(tree.ctx, alice);
    cache.loadAll();
    const fromCache = statusFromCache(cache.snapshot(), countInbox(tree.ctx, alice));
    assert.deepEqual(fromCache, readStatus(tree.ctx, alice, { messageTotals: false }));
    assert.equal(fromCache.sessionCounts.stale, 1, 'alice went stale while bob beat');
  });
});
