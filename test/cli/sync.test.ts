import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from '../helpers/runCoord';
import { loadSyncWorld, type Clone, type SyncWorldLib, type World } from '../helpers/syncWorld';
import { makeTempTree } from '../helpers/tempTree';
import { coordSync, startSessionCli } from '../helpers/runCoord';

describe('coord sync, claim confirmation and coord watch', () => {
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

  it("coord init lists the tree in the clone's info/exclude, once", () => {
    const exclude = readFileSync(join(a.root, '.git', 'info', 'exclude'), 'utf8');
    assert.equal(exclude.split('\n').filter((l) => l === '/docs/coordination/').length, 1);
    world.coordSync(a, ['init']);
    assert.equal(readFileSync(join(a.root, '.git', 'info', 'exclude'), 'utf8'), exclude);
  });

  it('coord claim confirms on the remote before answering; the second computer loses with exit 1 naming the winner', async () => {
    const alice = world.startSession(a, 'alice');
    const bob = world.startSession(b, 'bob');
    const won = await world.coord(a, ['claim', 'issue', '42', '--json'], alice);
    assert.equal(won.code, 0, won.stdout + won.stderr);
    assert.equal(won.json.confirmation, 'confirmed');
    const lost = await world.coord(b, ['claim', 'issue', '42', '--json'], bob);
    assert.equal(lost.code, 1);
    assert.equal(lost.json.error.details.confirmation, 'lost');
    assert.equal(lost.json.error.details.holder, alice);
    assert.match(lost.json.error.message, new RegExp(`${alice} got it first on origin`));
    // The local claim was replaced by the winner's.
    assert.equal(JSON.parse(readFileSync(join(b.tree, 'claims', 'issue', '42.json'), 'utf8')).holder, alice);
    const text = await world.coord(a, ['claims']);
    assert.match(text.stdout, /issue\/42 .*\[confirmed\]/);
  });

  it('with no reachable remote, coord claim answers exit 0, pending; coord claims shows it; a sync confirms it', async () => {
    const alice = world.startSession(a, 'alice');
    world.breakRemote();
    const r = await world.coord(a, ['claim', 'issue', '7', '--json'], alice);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.confirmation, 'pending');
    assert.match(r.json.pendingReason, /unreachable/);
    const text = await world.coord(a, ['claim', 'issue', '8'], alice);
    assert.match(text.stdout, /PENDING, not yet yours — .*unreachable/);
    assert.match((await world.coord(a, ['claims'])).stdout, /issue\/7 .*\[pending\]/);
    const offline = await world.coord(a, ['sync', '--json']);
    assert.equal(offline.code, 1);
    assert.equal(offline.json.outcome, 'offline');
    world.restoreRemote();
    const synced = await world.coord(a, ['sync', '--json']);
    assert.equal(synced.code, 0);
    assert.deepEqual(synced.json.claims.confirmed.sort(), ['issue/7', 'issue/8']);
    assert.match((await world.coord(a, ['claims', '--json'])).stdout, /"confirmation":"confirmed"/);
  });

  it("a remote that refuses claim refs leaves the claim pending, with the server's reason", async () => {
    const alice = world.startSession(a, 'alice');
    writeFileSync(
      join(world.remote, 'hooks', 'pre-receive'),
      '#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/coordination/claims/*) echo "no refs to blobs here" >&2; exit 1;; esac; done\nexit 0\n',
      { mode: 0o755 },
    );
    const r = await world.coord(a, ['claim', 'issue', '3', '--json'], alice);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.json.confirmation, 'pending');
    assert.match(r.json.pendingReason, /origin refused the claim ref: \[remote rejected\]/);
    const round = await world.coord(a, ['sync', '--json']);
    assert.deepEqual(round.json.claims.pending, ['issue/3']);
    assert.ok(round.json.diagnostics.some((d: { reason: string }) => /refused the claim ref/.test(d.reason)));
  });

  it("coord release deletes the claim's ref on the remote at once", async () => {
    const alice = world.startSession(a, 'alice');
    await world.coord(a, ['claim', 'issue', '1'], alice);
    assert.match(
      lib.git(world.dir, ['--git-dir', world.remote, 'for-each-ref', 'refs/coordination/claims/']),
      /issue\/1/,
    );
    const r = await world.coord(a, ['release', 'issue', '1', '--json'], alice);
    assert.equal(r.json.remote, 'released');
    assert.equal(
      lib.git(world.dir, ['--git-dir', world.remote, 'for-each-ref', 'refs/coordination/claims/']).trim(),
      '',
    );
  });

  it('coord sync --json reports the round: fetched, merged, pushed, ahead, behind', async () => {
    world.startSession(a, 'alice');
    const first = await world.coord(a, ['sync', '--json']);
    assert.equal(first.code, 0);
    assert.equal(first.json.outcome, 'synced');
    assert.ok(first.json.pushed > 0);
    const other = await world.coord(b, ['sync', '--json']);
    assert.ok(other.json.fetched > 0 && other.json.merged > 0);
    assert.equal(other.json.ahead, 0);
    assert.equal(other.json.behind, 0);
    assert.ok(Array.isArray(other.json.diagnostics));
  });

  it('outside git, coord claim starts no git and says nothing about confirmation', () => {
    const t = makeTempTree();
    try {
      const id = startSessionCli(t.root, 'solo');
      const r = coordSync(['claim', 'issue', '1', '--json'], { cwd: t.root, session: id });
      assert.equal(r.code, 0);
      assert.equal(r.json.confirmation, undefined);
    } finally {
      t.cleanup();
    }
  });

  it('coord watch runs rounds, says who holds the loop to a second watcher, and stops cleanly on SIGTERM', async () => {
    world.startSession(a, 'alice');
    const child = spawn(process.execPath, [cliPath, 'watch', '--interval', '1s'], {
      cwd: a.root,
      env: { ...process.env, ...world.env },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const deadline = Date.now() + 30_000;
    while (!/sync: synced/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /sync: synced with origin\/coordination/);
    const second = await world.coord(a, ['watch', '--json']);
    assert.equal(second.code, 1);
    assert.match(second.json.error.message, new RegExp(`sync loop already runs for this checkout: pid ${child.pid}`));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out, /Stopped after \d+ round/);
    assert.equal(
      existsSync(join(a.tree, '.local', 'locks', 'sync-loop.lock.json')),
      false,
      'the loop lock is released',
    );
  });
});
