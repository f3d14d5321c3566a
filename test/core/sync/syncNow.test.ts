import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { takeClaim, releaseClaim } from '../../../src/core/claims/claims';
import { openContext, type CoordContext } from '../../../src/core/records/context';
import { sendMessage } from '../../../src/core/messages/messages';
import { recordHeartbeat, startSession } from '../../../src/core/sessions/sessions';
import { syncNow } from '../../../src/core/sync/syncNow';
import { readComputers, readLastRound } from '../../../src/core/sync/computersFile';
import type { SyncSettings } from '../../../src/core/sync/syncSettings';
import { addWork, completeWork } from '../../../src/core/work/work';
import { makeTempTree } from '../../helpers/tempTree';
import { cliPath } from '../../helpers/runCoord';
import { loadSyncWorld, type Clone, type SyncWorldLib, type World } from '../../helpers/syncWorld';

/** The ref a clone publishes its tree to: one per computer, named by the writer id in its `.local/sync/`. */
function treeRef(clone: Clone): string {
  const { writer } = JSON.parse(readFileSync(join(clone.tree, '.local', 'sync', 'writer.json'), 'utf8')) as {
    writer: string;
  };
  return `refs/coordination/trees/coordination/${writer}`;
}

const settings: SyncSettings = {
  enabled: true,
  remote: 'origin',
  branch: 'coordination',
  retryDelaysMs: [20, 40, 80, 160],
};

describe('syncNow: two computers through a bare remote', () => {
  let lib: SyncWorldLib;
  let world: World;
  let a: Clone;
  let b: Clone;
  let ca: CoordContext;
  let cb: CoordContext;
  before(async () => (lib = await loadSyncWorld()));
  beforeEach(() => {
    world = lib.createWorld({ clones: 2 });
    [a, b] = world.clones as [Clone, Clone];
    ca = openContext(a.root);
    cb = openContext(b.root);
  });
  afterEach(() => world.cleanup());

  it('carries sessions, messages, work and claims both ways, then has nothing to do', async () => {
    const alice = startSession(ca, { name: 'alice' });
    const bob = startSession(cb, { name: 'bob' });
    const item = addWork(ca, 'write the parser');
    takeClaim(ca, alice.id, 'issue', '1');
    const first = await syncNow(ca, settings);
    assert.equal(first.outcome, 'synced');
    assert.equal(first.mode, 'remote');
    assert.deepEqual(first.claims.confirmed, ['issue/1']);
    const second = await syncNow(cb, settings);
    assert.equal(second.outcome, 'synced');
    assert.ok(existsSync(join(b.tree, 'sessions', `${alice.id}.json`)));
    assert.ok(existsSync(join(b.tree, 'work', `${item.id}.json`)));
    assert.equal(JSON.parse(readFileSync(join(b.tree, 'claims', 'issue', '1.json'), 'utf8')).holder, alice.id);

    const note = sendMessage(cb, bob.id, alice.id, 'hello', 'from the other computer');
    await syncNow(cb, settings);
    await syncNow(ca, settings);
    assert.ok(existsSync(join(a.tree, 'messages', alice.id, `${note.id}.json`)));
    assert.ok(existsSync(join(a.tree, 'sessions', `${bob.id}.json`)));

    const again = [await syncNow(ca, settings), await syncNow(cb, settings)];
    assert.deepEqual(
      again.map((r) => r.outcome),
      ['up-to-date', 'up-to-date'],
    );
    assert.deepEqual(
      again.map((r) => [r.ahead, r.behind]),
      [
        [0, 0],
        [0, 0],
      ],
    );
  });

  it("keeps each session's newest write and the newer work item, whichever side syncs first", async () => {
    const alice = startSession(ca, { name: 'alice' });
    const item = addWork(ca, 'ship it');
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    recordHeartbeat(ca, alice.id, { action: 'editing', target: 'a.ts' });
    const bob = startSession(cb, { name: 'bob' });
    completeWork(cb, bob.id, item.id);
    await syncNow(cb, settings);
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    for (const tree of [a.tree, b.tree]) {
      assert.equal(
        JSON.parse(readFileSync(join(tree, 'sessions', `${alice.id}.json`), 'utf8')).heartbeat.target,
        'a.ts',
      );
      assert.equal(JSON.parse(readFileSync(join(tree, 'work', `${item.id}.json`), 'utf8')).status, 'done');
    }
  });

  it('propagates a release, and a claim taken on two computers while apart is confirmed for one and withdrawn with a message for the other', async () => {
    const alice = startSession(ca, { name: 'alice' });
    const bob = startSession(cb, { name: 'bob' });
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    await syncNow(ca, settings);
    takeClaim(ca, alice.id, 'module', 'auth');
    takeClaim(cb, bob.id, 'module', 'auth');
    const ra = await syncNow(ca, settings);
    const rb = await syncNow(cb, settings);
    assert.deepEqual(ra.claims.confirmed, ['module/auth']);
    assert.deepEqual(rb.claims.lost, [{ key: 'module/auth', holder: bob.id, winner: alice.id }]);
    assert.equal(JSON.parse(readFileSync(join(b.tree, 'claims', 'module', 'auth.json'), 'utf8')).holder, alice.id);
    const notices = readdirSync(join(b.tree, 'messages', bob.id)).map((f) =>
      JSON.parse(readFileSync(join(b.tree, 'messages', bob.id, f), 'utf8')),
    );
    assert.ok(
      notices.some((m) => m.subject.includes('module/auth') && m.subject.includes(alice.id)),
      JSON.stringify(notices),
    );

    releaseClaim(ca, alice.id, 'module', 'auth');
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    assert.equal(existsSync(join(b.tree, 'claims', 'module', 'auth.json')), false);
    assert.equal(
      lib.git(world.dir, ['--git-dir', world.remote, 'for-each-ref', 'refs/coordination/claims/']).trim(),
      '',
    );
  });

  it('offline: local work goes on, nothing is lost, and it converges when the remote is back', async () => {
    const alice = startSession(ca, { name: 'alice' });
    await syncNow(ca, settings);
    world.breakRemote();
    takeClaim(ca, alice.id, 'issue', '9');
    const self = sendMessage(ca, alice.id, 'broadcast', 'offline note', 'written while away');
    const away = await syncNow(ca, settings);
    assert.equal(away.outcome, 'offline');
    assert.match(away.reason ?? '', /unreachable/);
    assert.ok(away.ahead > 0);
    assert.equal(away.behind, null);
    world.restoreRemote();
    const back = await syncNow(ca, settings);
    assert.equal(back.outcome, 'synced');
    assert.deepEqual(back.claims.confirmed, ['issue/9']);
    await syncNow(cb, settings);
    assert.ok(existsSync(join(b.tree, 'messages', 'broadcast', `${self.id}.json`)));
  });

  it('another computer publishing between our fetch and our push never refuses ours; its change comes in next round', async () => {
    const alice = startSession(ca, { name: 'alice' });
    startSession(cb, { name: 'bob' });
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    const bobItem = addWork(cb, 'from bob');
    // The concurrent publisher: when a's fetch updates its refs, b publishes (once), between a's fetch and push.
    const flag = join(world.dir, 'pushed-once');
    const hook = join(a.root, '.git', 'hooks', 'reference-transaction');
    writeFileSync(
      hook,
      `#!/bin/sh\n[ "$1" = committed ] || exit 0\n[ -e '${flag}' ] && exit 0\ntouch '${flag}'\ncd '${b.root}' && '${process.execPath}' '${cliPath}' sync >/dev/null 2>&1\nexit 0\n`,
      { mode: 0o755 },
    );
    sendMessage(ca, alice.id, 'broadcast', 'hi', 'x');
    const ra = await syncNow(ca, settings);
    assert.ok(existsSync(flag), 'the concurrent publish happened');
    assert.equal(ra.outcome, 'synced');
    assert.equal(ra.attempts, 1, 'each computer publishes its own ref: a publish elsewhere never refuses this one');
    assert.equal(existsSync(join(a.tree, 'work', `${bobItem.id}.json`)), false, 'b published after a looked');
    await syncNow(ca, settings);
    assert.ok(existsSync(join(a.tree, 'work', `${bobItem.id}.json`)), 'their change comes in with the next round');
    await syncNow(cb, settings);
    assert.equal(readdirSync(join(b.tree, 'messages', 'broadcast')).length, 1);
  });

  it('gives up after the backoff when the remote keeps moving, and says why', async () => {
    startSession(ca, { name: 'alice' });
    await syncNow(ca, settings);
    // A remote that refuses every update of the branch stands for one that always moves first.
    writeFileSync(join(world.remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "busy" >&2\nexit 1\n', { mode: 0o755 });
    startSession(ca, { name: 'again' });
    const r = await syncNow(ca, settings);
    assert.equal(r.outcome, 'gave-up');
    assert.equal(r.attempts, settings.retryDelaysMs!.length + 1);
    assert.match(r.reason ?? '', /refused/);
    assert.ok(r.ahead > 0);
  });

  it('a corrupted file is reported and never pushed over the good version', async () => {
    const alice = startSession(ca, { name: 'alice' });
    const item = addWork(ca, 'precious');
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    writeFileSync(join(b.tree, 'work', `${item.id}.json`), '{"object": "work", "truncat');
    const rb = await syncNow(cb, settings);
    assert.ok(
      rb.diagnostics.some((d) => d.path.endsWith(`${item.id}.json`) && /not valid JSON|not synced/.test(d.reason)),
      JSON.stringify(rb.diagnostics),
    );
    const onRemote = lib.git(world.dir, ['--git-dir', world.remote, 'show', `${treeRef(b)}:work/${item.id}.json`]);
    assert.equal(JSON.parse(onRemote).title, 'precious');
    // The bad local file is left for a person to look at, not silently replaced.
    assert.match(readFileSync(join(b.tree, 'work', `${item.id}.json`), 'utf8'), /truncat/);
    void alice;
  });

  it('publishes its tree again when its ref was deleted on the remote, and nothing here is deleted', async () => {
    startSession(ca, { name: 'alice' });
    await syncNow(ca, settings);
    lib.git(world.dir, ['--git-dir', world.remote, 'update-ref', '-d', treeRef(a)]);
    const r = await syncNow(ca, settings);
    assert.equal(r.outcome, 'synced');
    assert.ok(lib.git(world.dir, ['--git-dir', world.remote, 'rev-parse', treeRef(a)]).trim().length >= 40);
    assert.equal(readdirSync(join(a.tree, 'sessions')).length, 1);
    await syncNow(cb, settings);
    assert.equal(readdirSync(join(b.tree, 'sessions')).length, 1);
  });

  it('takes in, once, what only the branch of an earlier version holds', async () => {
    const alice = startSession(ca, { name: 'alice' });
    // The one-branch layout: the tree at the root of refs/heads/coordination, as earlier versions pushed it.
    const blob = lib.git(a.root, ['hash-object', '-w', join(a.tree, 'sessions', `${alice.id}.json`)]).trim();
    const sessions = lib.git(a.root, ['mktree'], `100644 blob ${blob}\t${alice.id}.json\n`).trim();
    const root = lib.git(a.root, ['mktree'], `040000 tree ${sessions}\tsessions\n`).trim();
    const commit = lib.git(a.root, ['commit-tree', '-m', 'coord sync from old: 1 file(s)', root]).trim();
    lib.git(a.root, ['push', '-q', 'origin', `${commit}:refs/heads/coordination`]);
    assert.equal((await syncNow(cb, settings)).outcome, 'synced');
    assert.ok(existsSync(join(b.tree, 'sessions', `${alice.id}.json`)), 'the old branch was read');
    assert.equal(
      lib.git(world.dir, ['--git-dir', world.remote, 'rev-parse', 'refs/heads/coordination']).trim(),
      commit,
      'and never written',
    );
  });

  it("records every computer on the remote and when its news arrived, by this computer's clock", async () => {
    startSession(ca, { name: 'alice' });
    startSession(cb, { name: 'bob' });
    await syncNow(ca, settings);
    await syncNow(cb, settings);
    await syncNow(ca, settings);
    const first = readComputers(ca.layout);
    assert.ok(first);
    assert.equal(
      first.self.writer,
      JSON.parse(readFileSync(join(a.tree, '.local', 'sync', 'writer.json'), 'utf8')).writer,
    );
    assert.deepEqual(first.writers.map((w) => w.host).sort(), [ca.host, cb.host].sort());
    const bWriter = first.writers.find((w) => w.writer !== first.self.writer);
    assert.ok(bWriter);
    await new Promise((r) => setTimeout(r, 20));
    await syncNow(ca, settings);
    assert.equal(
      readComputers(ca.layout)?.writers.find((w) => w.writer === bWriter.writer)?.newsAt,
      bWriter.newsAt,
      'no news from b: its time stays',
    );
    recordHeartbeat(cb, startSession(cb, { name: 'carol' }).id, { action: 'editing', target: 'x' });
    await syncNow(cb, settings);
    await syncNow(ca, settings);
    assert.ok(
      (readComputers(ca.layout)?.writers.find((w) => w.writer === bWriter.writer)?.newsAt ?? '') > bWriter.newsAt,
      'news from b moves its time',
    );
    const last = readLastRound(ca.layout);
    assert.equal(last?.outcome, 'synced');
  });

  it('a round killed after its push still knows its commit: a claim force-released meanwhile is withdrawn, not published again', async () => {
    const alice = startSession(ca, { name: 'alice' });
    takeClaim(ca, alice.id, 'issue', '5');
    assert.deepEqual((await syncNow(ca, settings)).claims.confirmed, ['issue/5']);
    const stateFile = join(a.tree, '.local', 'sync', 'state.json');
    const before = JSON.parse(readFileSync(stateFile, 'utf8')) as { base: string };
    recordHeartbeat(ca, alice.id, { action: 'editing', target: 'x' });
    await syncNow(ca, settings);
    const after = JSON.parse(readFileSync(stateFile, 'utf8')) as { base: string };
    // As if killed between the push and writing its state: the state still names the older commit.
    writeFileSync(stateFile, JSON.stringify({ ...after, base: before.base, publishing: after.base }));
    lib.git(world.dir, ['--git-dir', world.remote, 'update-ref', '-d', 'refs/coordination/claims/issue/5']);
    const r = await syncNow(ca, settings);
    assert.deepEqual(
      r.claims.lost.map((l) => l.key),
      ['issue/5'],
      JSON.stringify(r.claims),
    );
    assert.throws(
      () =>
        lib.git(world.dir, [
          '--git-dir',
          world.remote,
          'rev-parse',
          '--verify',
          '-q',
          'refs/coordination/claims/issue/5',
        ]),
      'not published again',
    );
  });

  it('outside git it says offline and touches nothing', async () => {
    const t = makeTempTree();
    try {
      const r = await syncNow(t.ctx, settings);
      assert.equal(r.outcome, 'offline');
      assert.match(r.reason ?? '', /not in a git repository/);
    } finally {
      t.cleanup();
    }
  });
});
