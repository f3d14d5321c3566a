import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeClaim, findClaim } from '../../../src/core/claims/claims';
import { openContext } from '../../../src/core/records/context';
import { initTree } from '../../../src/core/operations/init';
import { liveTreeDir } from '../../../src/core/store/liveTree';
import { findRoot } from '../../../src/core/store/root';
import { inbox, sendMessage } from '../../../src/core/messages/messages';
import { listSessions, startSession } from '../../../src/core/sessions/sessions';
import { coordError } from '../../helpers/coordError';

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
  );
}

describe('liveTree: every worktree of a repository shares one live tree', () => {
  let dir: string;
  let main: string;
  let other: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'coord-live-')));
    main = join(dir, 'main');
    other = join(dir, 'other');
    mkdirSync(main);
    git(main, 'init', '-q');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'first');
    git(main, 'worktree', 'add', '-q', other, '-b', 'feature');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a linked worktree's tree is the main worktree's docs/coordination, found from any folder of it", () => {
    assert.equal(liveTreeDir(other), join(main, 'docs', 'coordination'));
    assert.equal(liveTreeDir(main), join(main, 'docs', 'coordination'));
    initTree(other);
    assert.equal(existsSync(join(main, 'docs', 'coordination', 'protocol.json')), true);
    assert.equal(existsSync(join(other, 'docs')), false, 'nothing is written into the linked worktree');
    mkdirSync(join(other, 'src', 'deep'), { recursive: true });
    assert.equal(findRoot(join(other, 'src', 'deep')), other);
  });

  it('sessions, claims and messages of one worktree are seen in the other at once, with no sync and no git process', () => {
    initTree(main);
    const cm = openContext(main);
    const co = openContext(other);
    const alice = startSession(cm, { name: 'alice' });
    const bob = startSession(co, { name: 'bob' });
    takeClaim(cm, alice.id, 'issue', '5');
    // The claim file's exclusive create is the one authority: bob is refused at once, naming a holder he can reach.
    assert.throws(() => takeClaim(co, bob.id, 'issue', '5'), coordError('refused', new RegExp(`held by ${alice.id}`)));
    sendMessage(co, bob.id, alice.id, 'hi', 'from the other worktree');
    assert.deepEqual(
      listSessions(co)
        .map((s) => s.session.id)
        .sort(),
      [alice.id, bob.id].sort(),
    );
    assert.equal(inbox(cm, alice.id).length, 1);
    assert.equal(findClaim(co, 'issue', '5')?.claim.holder, alice.id);
    assert.equal(git(main, 'for-each-ref', 'refs/coordination').trim(), '', 'no claim ref is made with no remote');
  });

  it("a worktree's own tree from before is merged once into the shared one, losing nothing, and kept aside", () => {
    initTree(main);
    const cm = openContext(main);
    const alice = startSession(cm, { name: 'alice' });
    // An old tree of the linked worktree: written as an earlier version did, in the worktree itself.
    const own = join(other, 'docs', 'coordination');
    mkdirSync(join(own, 'sessions'), { recursive: true });
    mkdirSync(join(own, 'claims', 'issue'), { recursive: true });
    mkdirSync(join(own, 'messages', alice.id), { recursive: true });
    writeFileSync(join(own, 'protocol.json'), readFileSync(cm.layout.protocolFile));
    const oldSession = {
      ...JSON.parse(readFileSync(cm.layout.sessionFile(alice.id), 'utf8')),
      id: 'carol-abc123',
      name: 'carol',
    };
    writeFileSync(join(own, 'sessions', 'carol-abc123.json'), JSON.stringify(oldSession, null, 2) + '\n');
    const sent = sendMessage(cm, alice.id, alice.id, 'kept', 'a message the old tree had');
    writeFileSync(
      join(own, 'messages', alice.id, `${sent.id}.json`),
      readFileSync(cm.layout.messageFile(alice.id, sent.id)),
    );
    writeFileSync(
      join(own, 'claims', 'issue', '9.json'),
      JSON.stringify(
        {
          object: 'claim',
          version: 1,
          type: 'issue',
          name: '9',
          holder: 'carol-abc123',
          acquiredAt: oldSession.startedAt,
          renewedAt: oldSession.startedAt,
          ttl: 7200,
          transitions: 0,
        },
        null,
        2,
      ) + '\n',
    );

    const co = openContext(other);
    assert.equal(existsSync(own), false, 'the old tree is gone from the worktree');
    assert.ok(listSessions(co).some((s) => s.session.id === 'carol-abc123'));
    assert.equal(findClaim(co, 'issue', '9')?.claim.holder, 'carol-abc123');
    assert.equal(inbox(co, alice.id).length, 1, 'the same message is not doubled');
    const kept = readdirSync(join(cm.layout.localDir, 'merged'));
    assert.equal(kept.length, 1);
    assert.ok(
      existsSync(join(cm.layout.localDir, 'merged', kept[0] as string, 'claims', 'issue', '9.json')),
      'and kept aside for a person to look at',
    );
  });
});
