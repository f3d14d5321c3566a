import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSyncWorld, twoComputers, type SyncWorldLib } from '../helpers/syncWorld';
import type { Clone, World } from '../helpers/syncWorld';

/**
 * Every way a remote can be wrong or surprising, with real git and real bare repositories: in each, not one local
 * record is lost, and the answer says what is wrong.
 */
function records(clone: Clone): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.set(relative(clone.tree, abs), readFileSync(abs, 'utf8'));
    }
  };
  walk(clone.tree);
  return out;
}

function assertNothingLost(before: Map<string, string>, clone: Clone, what: string): void {
  const after = records(clone);
  for (const [path, text] of before) {
    if (path === 'STATUS.md') continue; // a generated board
    assert.equal(after.get(path), text, `${what}: ${path} was lost or changed`);
  }
}

/** A tree worth losing: a session, a message, a work item, a claim, a milestone. */
function populate(world: World, clone: Clone): string {
  const s = world.startSession(clone, 'alice');
  world.coordSync(clone, ['send', s, 'note to self', 'keep me'], s);
  world.coordSync(clone, ['work', 'add', 'precious work'], s);
  world.coordSync(clone, ['claim', 'issue', '7'], s);
  writeFileSync(join(clone.tree, 'milestones', 'm1.md'), '# m1\n- [ ] one\n');
  return s;
}

const treeRef = (clone: Clone) => {
  const { writer } = JSON.parse(readFileSync(join(clone.tree, '.local', 'sync', 'writer.json'), 'utf8')) as {
    writer: string;
  };
  return `refs/coordination/trees/coordination/${writer}`;
};

describe('coord sync: a wrong or surprising remote never deletes a record', function () {
  this.timeout(120_000);
  const t = twoComputers();
  let lib: SyncWorldLib;
  before(async () => (lib = await loadSyncWorld()));
  const git = (cwd: string, args: string[], input?: string) => lib.git(cwd, args, input);

  it('an unknown remote name is refused (exit 2, naming the remotes there), by flag and by variable', async () => {
    populate(t.world, t.a);
    const before = records(t.a);
    for (const run of [
      () => t.world.coord(t.a, ['sync', '--remote', 'typo', '--json']),
      () => t.world.coord(t.a, ['sync', '--json'], undefined, { COORD_SYNC_REMOTE: 'typo' }),
    ]) {
      const r = await run();
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.json.error.message, /no git remote "typo"; its remotes are "origin"/);
    }
    assertNothingLost(before, t.a, 'unknown remote');
    assert.equal((await t.world.sync(t.a)).outcome, 'synced', 'the real remote still works');
  });

  it('a wrong URL is offline and says why; an empty repository in its place loses nothing and is filled', async () => {
    populate(t.world, t.a);
    await t.world.sync(t.a);
    const before = records(t.a);
    git(t.a.root, ['remote', 'set-url', 'origin', join(t.world.dir, 'nowhere.git')]);
    const offline = await t.world.sync(t.a);
    assert.equal(offline.outcome, 'offline');
    assert.match(offline.reason, /origin is unreachable/);
    assertNothingLost(before, t.a, 'wrong URL');

    const empty = join(t.world.dir, 'empty.git');
    git(t.world.dir, ['init', '-q', '--bare', empty]);
    git(t.a.root, ['remote', 'set-url', 'origin', empty]);
    assert.equal((await t.world.sync(t.a)).outcome, 'synced');
    assertNothingLost(before, t.a, 'empty repository');
    git(t.b.root, ['remote', 'set-url', 'origin', empty]);
    await t.world.sync(t.b);
    assert.ok(
      records(t.b).has('work') || [...records(t.b).keys()].some((p) => p.startsWith('work/')),
      'the other computer gets the tree from the refilled repository',
    );
  });

  it('coord claim against a remote emptied in its place keeps a held claim and publishes it there', async () => {
    const s = populate(t.world, t.a);
    await t.world.sync(t.a);
    const empty = join(t.world.dir, 'empty.git');
    git(t.world.dir, ['init', '-q', '--bare', empty]);
    git(t.a.root, ['remote', 'set-url', 'origin', empty]);
    const again = await t.world.coord(t.a, ['claim', 'issue', '7', '--json'], s);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(again.json.confirmation, 'confirmed');
    assert.ok(records(t.a).has('claims/issue/7.json'), 'the claim is still held here');
    assert.ok(
      git(t.world.dir, ['--git-dir', empty, 'rev-parse', '--verify', '-q', 'refs/coordination/claims/issue/7']).trim()
        .length >= 40,
      'and published on the new remote',
    );
  });

  it('a tree ref force-pushed to an unrelated history, or rewritten to an older commit, loses nothing here', async () => {
    populate(t.world, t.a);
    await t.world.sync(t.a);
    const older = git(t.a.root, ['--git-dir', t.world.remote, 'rev-parse', treeRef(t.a)]).trim();
    t.world.coordSync(t.a, ['work', 'add', 'newer work']);
    await t.world.sync(t.a);
    const before = records(t.a);
    // Rewritten to an older commit of its own history.
    git(t.world.dir, ['--git-dir', t.world.remote, 'update-ref', treeRef(t.a), older]);
    assert.equal((await t.world.sync(t.a)).outcome, 'synced');
    assertNothingLost(before, t.a, 'ref rewritten to an older commit');
    // An unrelated history with a stray file in it.
    const blob = git(t.world.dir, ['--git-dir', t.world.remote, 'hash-object', '-w', '--stdin'], 'stray\n').trim();
    const tree = git(t.world.dir, ['--git-dir', t.world.remote, 'mktree'], `100644 blob ${blob}\tstray.md\n`).trim();
    const unrelated = git(t.world.dir, ['--git-dir', t.world.remote, 'commit-tree', '-m', 'unrelated', tree]).trim();
    git(t.world.dir, ['--git-dir', t.world.remote, 'update-ref', treeRef(t.a), unrelated]);
    assert.equal((await t.world.sync(t.a)).outcome, 'synced');
    assertNothingLost(before, t.a, 'ref force-pushed to an unrelated history');
    const published = git(t.world.dir, ['--git-dir', t.world.remote, 'ls-tree', '-r', '--name-only', treeRef(t.a)]);
    assert.match(published, /^work\//m, 'its tree is published again over the unrelated one');
    // The other computer reads it all, and the old one-branch layout on the remote is never written.
    await t.world.sync(t.b);
    assert.equal([...records(t.b).keys()].filter((p) => p.startsWith('work/')).length, 2);
    assert.equal(git(t.world.dir, ['--git-dir', t.world.remote, 'for-each-ref', 'refs/heads/']).trim(), '');
  });

  it('a remote that refuses refs to blobs keeps claims pending and still carries the tree', async () => {
    writeFileSync(
      join(t.world.remote, 'hooks', 'pre-receive'),
      '#!/bin/sh\nwhile read old new ref; do\n  [ "$(git cat-file -t "$new" 2>/dev/null)" = blob ] && { echo "refs to blobs are not allowed" >&2; exit 1; }\ndone\nexit 0\n',
      { mode: 0o755 },
    );
    const s = t.world.startSession(t.a, 'alice');
    const claim = t.world.coordSync(t.a, ['claim', 'issue', '9', '--json'], s);
    assert.equal(claim.code, 0, claim.stdout + claim.stderr);
    assert.equal(claim.json.confirmation, 'pending');
    const before = records(t.a);
    const r = await t.world.sync(t.a);
    assert.ok(r.claims.pending.includes('issue/9'), JSON.stringify(r.claims));
    assertNothingLost(before, t.a, 'blob refs refused');
    await t.world.sync(t.b);
    assert.ok(records(t.b).has(`sessions/${s}.json`));
  });

  it('a shallow clone syncs, and a remote missing objects is offline with the reason, losing nothing', async () => {
    populate(t.world, t.a);
    await t.world.sync(t.a);
    const shallow = join(t.world.dir, 'shallow');
    git(t.world.dir, ['clone', '-q', '--depth', '1', `file://${t.world.remote}`, shallow]);
    const clone: Clone = { name: 'shallow', root: shallow, tree: join(shallow, 'docs', 'coordination') };
    t.world.coordSync(clone, ['init']);
    assert.equal((await t.world.sync(clone)).outcome, 'synced');
    assert.ok(
      [...records(clone).keys()].some((p) => p.startsWith('messages/')),
      'the shallow clone received the tree',
    );

    const before = records(t.a);
    t.world.coordSync(t.a, ['work', 'add', 'after the damage']);
    const after = records(t.a);
    // Damage the remote: a tree ref pointing at a commit whose objects are not there.
    const tree = git(t.world.dir, ['--git-dir', t.world.remote, 'mktree'], '').trim();
    const dangling = git(t.world.dir, ['--git-dir', t.world.remote, 'commit-tree', '-m', 'x', tree]).trim();
    git(t.world.dir, [
      '--git-dir',
      t.world.remote,
      'update-ref',
      'refs/coordination/trees/coordination/ghost.abc',
      dangling,
    ]);
    rmSync(join(t.world.remote, 'objects', dangling.slice(0, 2), dangling.slice(2)));
    const r = await t.world.sync(t.a);
    assert.equal(r.outcome, 'offline', JSON.stringify(r));
    assert.match(r.reason, /origin is unreachable: .*(object|pack|remote)/i);
    assertNothingLost(after, t.a, 'objects missing');
    void before;
  });

  it("never writes refs/remotes/<remote>/… (the user's own remote-tracking refs)", async () => {
    populate(t.world, t.a);
    git(t.world.dir, [
      '--git-dir',
      t.world.remote,
      'update-ref',
      'refs/heads/coordination',
      git(t.world.dir, [
        '--git-dir',
        t.world.remote,
        'commit-tree',
        '-m',
        'legacy',
        git(t.world.dir, ['--git-dir', t.world.remote, 'mktree'], '').trim(),
      ]).trim(),
    ]);
    await t.world.sync(t.a);
    await t.world.sync(t.a);
    assert.equal(git(t.a.root, ['for-each-ref', 'refs/remotes/']).trim(), '');
  });
});
