import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

describe('coord hook (real processes)', () => {
  let dir: string;
  let cleanup: () => void;
  let alice: string;
  let bob: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
    alice = startSessionCli(dir, 'alice');
    bob = startSessionCli(dir, 'bob');
  });
  afterEach(() => cleanup());

  function send(from: string, to: string, subject: string, body: string, extra: string[] = []): string {
    const run = coordSync(['send', to, subject, body, '--json', ...extra], { cwd: dir, session: from });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    return run.json.message.id as string;
  }

  it("--beat heartbeats when one is due, keeping the last beat's fields and renewing claims; not again within half an interval", () => {
    assert.equal(coordSync(['heartbeat', 'editing', 'src/auth.ts', '--json'], { cwd: dir, session: bob }).code, 0);
    assert.equal(coordSync(['claim', 'issue', '7'], { cwd: dir, session: bob }).code, 0);
    const session = () =>
      JSON.parse(readFileSync(join(dir, 'docs', 'coordination', 'sessions', `${bob}.json`), 'utf8'));
    const early = coordSync(['hook', '--beat', '--json'], { cwd: dir, session: bob });
    assert.equal(early.json.beat, false, 'the beat just sent is recent');
    // Age the last beat past half the interval (the protocol's 60 s) by rewriting it, as time passing would.
    const aged = { ...session(), heartbeatAt: new Date(Date.now() - 40_000).toISOString() };
    writeFileSync(join(dir, 'docs', 'coordination', 'sessions', `${bob}.json`), `${JSON.stringify(aged, null, 2)}\n`);
    const due = coordSync(['hook', '--beat', '--json'], { cwd: dir, session: bob });
    assert.equal(due.code, 0, due.stderr);
    assert.equal(due.json.beat, true);
    assert.equal(due.json.renewed, 1);
    assert.ok(Date.parse(session().heartbeatAt) > Date.parse(aged.heartbeatAt));
    assert.deepEqual(
      session().heartbeat,
      { action: 'editing', target: 'src/auth.ts' },
      'what the session was doing is kept',
    );
    assert.equal(coordSync(['hook', '--beat', '--json'], { cwd: dir, session: bob }).json.beat, false);
  });

  it('prints unread messages compactly, most urgent first, marks them read, and prints nothing the second time', () => {
    const long = `${'word '.repeat(100)}END`;
    const first = send(alice, bob, 'auth ready', 'login fix is in src/auth.ts\nplease review');
    const second = send(alice, bob, 'schema change', long, ['--priority', 'high', '--ack']);
    const third = send(alice, 'broadcast', 'heads up', 'I am changing the session schema');

    const run = coordSync(['hook'], { cwd: dir, session: bob });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(
      lines[0] ?? '',
      new RegExp(`^\\[coord\\] 3 new messages for session ${bob} from other coordination sessions`),
    );
    // The high-priority one comes first, then the others oldest first.
    assert.equal(lines[1], `- [high, ack requested] from ${alice}: schema change  (id ${second})`);
    assert.match(lines[2] ?? '', new RegExp(`^  word word .*… \\(full text: coord read ${second}\\)$`));
    assert.ok((lines[2] ?? '').length < 320, 'a long body is cut');
    assert.equal(lines[3], `- from ${alice}: auth ready  (id ${first})`);
    assert.equal(lines[4], '  login fix is in src/auth.ts please review', 'the body is one line');
    assert.equal(lines[5], `- [broadcast] from ${alice}: heads up  (id ${third})`);
    assert.equal(lines[6], '  I am changing the session schema');
    assert.match(lines[7] ?? '', /^\(reply: coord send <from> <subject> <body> --reply-to <id>\)$/);
    assert.equal(lines.length, 8);

    assert.deepEqual(
      readdirSync(join(dir, 'docs/coordination/.local/read', bob)).sort(),
      [first, second, third].sort(),
    );
    const again = coordSync(['hook'], { cwd: dir, session: bob });
    assert.equal(again.code, 0);
    assert.equal(again.stdout, '', 'nothing new: not even an empty line');
    assert.equal(again.stderr, '');
    assert.equal(coordSync(['inbox', '--unread', '--json'], { cwd: dir, session: bob }).json.unread, 0);
  });

  it('delivers at most --limit per turn and leaves the rest for the next', () => {
    const ids = [1, 2, 3].map((n) => send(alice, bob, `note ${n}`, `body ${n}`));
    const run = coordSync(['hook', '--limit', '2', '--json'], { cwd: dir, session: bob });
    assert.equal(run.code, 0);
    assert.deepEqual(
      run.json.messages.map((m: { id: string }) => m.id),
      ids.slice(0, 2),
    );
    assert.equal(run.json.remaining, 1);
    const text = coordSync(['hook', '--limit', '2'], { cwd: dir, session: bob });
    assert.match(text.stdout, /^\[coord\] 1 new message for session/);
    assert.match(text.stdout, /note 3/);
    assert.equal(coordSync(['hook', '--json'], { cwd: dir, session: bob }).json.messages.length, 0);
  });

  it('--format claude prints Claude Code hook JSON with the text as additionalContext, and nothing when there is nothing', () => {
    send(alice, bob, 'hello', 'world');
    const run = coordSync(['hook', '--format', 'claude', '--event', 'PostToolUse'], { cwd: dir, session: bob });
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.stdout);
    assert.equal(answer.hookSpecificOutput.hookEventName, 'PostToolUse');
    assert.match(answer.hookSpecificOutput.additionalContext, /from .*: hello {2}\(id /);
    assert.equal(coordSync(['hook', '--format', 'claude'], { cwd: dir, session: bob }).stdout, '');
  });

  it('never fails a turn: no session, no tree, an unknown session or a bad option all exit 0 with nothing on stdout', () => {
    send(alice, bob, 'hello', 'world');
    const none = coordSync(['hook'], { cwd: dir });
    assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', '']);
    const { dir: empty, cleanup: cleanEmpty } = makeTempDir();
    try {
      const noTree = coordSync(['hook'], { cwd: empty, session: bob });
      assert.deepEqual([noTree.code, noTree.stdout, noTree.stderr], [0, '', '']);
    } finally {
      cleanEmpty();
    }
    const unknown = coordSync(['hook'], { cwd: dir, session: 'nobody-here' });
    assert.equal(unknown.code, 0);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /session nobody-here is not registered/);
    for (const argv of [
      ['hook', '--bogus'],
      ['hook', '--format', 'xml'],
      ['hook', '--limit', '0'],
    ]) {
      const bad = coordSync(argv, { cwd: dir, session: bob });
      assert.equal(bad.code, 0, argv.join(' '));
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, /^coord: /);
    }
    const badSlug = coordSync(['hook'], { cwd: dir, session: 'Not A Slug' });
    assert.equal(badSlug.code, 0);
    // None of those delivered anything: the message is still unread.
    assert.match(coordSync(['hook'], { cwd: dir, session: bob }).stdout, /hello/);
  });

  it('does not show a session its own broadcast', () => {
    send(bob, 'broadcast', 'mine', 'from me');
    assert.equal(coordSync(['hook'], { cwd: dir, session: bob }).stdout, '');
  });
});
