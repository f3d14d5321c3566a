import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import { loadAllCommands } from '../../src/cli/commandTable';
import { makeTempDir } from '../helpers/tempTree';

interface Run {
  code: number;
  out: string[];
  err: string[];
  stdout: string;
  stderr: string;
  json: any;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const stackLine = /\n\s+at .+:\d+:\d+/;

async function coordIn(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  // An explicit env: the caller's own COORD_SESSION or COORD_ROOT must not leak into the run.
  const code = await runCli(argv, { cwd, env, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  const stdout = out.join('\n');
  return {
    code,
    out,
    err,
    stdout,
    stderr: err.join('\n'),
    json: argv.includes('--json') && stdout ? JSON.parse(stdout) : undefined,
  };
}

describe('cli run (in process)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  async function initAndStart(name = 'alice'): Promise<string> {
    assert.equal((await coordIn(dir, ['init'])).code, 0);
    const started = await coordIn(dir, ['start', '--name', name, '--json']);
    assert.equal(started.code, 0, started.stdout);
    return started.json.session.id as string;
  }

  describe('help and version', () => {
    it('prints the main help with every command; exit 0 when asked, 2 when no command was given', async () => {
      for (const argv of [['--help'], ['-h'], ['help']]) {
        const run = await coordIn(dir, argv);
        assert.equal(run.code, 0, argv.join(' '));
        assert.match(run.stdout, /^coord — /);
        for (const command of loadAllCommands())
          assert.match(
            run.stdout,
            new RegExp(`\\n  ${command.name} +${escapeRegExp(command.summary)}\\n`),
            command.name,
          );
        assert.match(run.stdout, /Exit codes: 0 done, 1 refused .*, 2 usage, 3 bad tree or I\/O/);
        assert.deepEqual(run.err, []);
      }
      const bare = await coordIn(dir, []);
      assert.equal(bare.code, 2);
      assert.match(bare.stdout, /Usage: coord <command>/);
    });

    it("prints one command's help without needing a tree or a session", async () => {
      const run = await coordIn(dir, ['claim', '--help']);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: coord claim <type> <name>/);
      assert.match(run.stdout, /--ttl DURATION/);
      assert.match(run.stdout, /Needs a session: --session ID or COORD_SESSION/);
      assert.equal((await coordIn(dir, ['status', '-h'])).code, 0);
    });

    it('prints a version', async () => {
      const run = await coordIn(dir, ['--version']);
      assert.equal(run.code, 0);
      assert.equal(run.out.length, 1);
      assert.ok(run.stdout.length > 0);
    });
  });

  describe('global options', () => {
    it('work before the command as after it: --json, --session ID, --root DIR and --root=DIR', async () => {
      const id = await initAndStart();
      const elsewhere = makeTempDir();
      try {
        const before = await coordIn(elsewhere.dir, ['--json', '--root', dir, '--session', id, 'claim', 'issue', '5']);
        assert.equal(before.code, 0, before.stdout + before.stderr);
        assert.equal(before.json.claim.holder, id);
        const status = await coordIn(elsewhere.dir, [`--root=${dir}`, '--json', 'status']);
        assert.equal(status.code, 0, status.stderr);
        assert.ok(status.json.sessions.some((s: { id: string }) => s.id === id));
        // Options after `--` stay words of the message.
        const sent = await coordIn(dir, [
          '--json',
          '--session',
          id,
          'send',
          id,
          'subject',
          '--',
          '--json is a word here',
        ]);
        assert.equal(sent.code, 0, sent.stdout + sent.stderr);
        assert.equal(sent.json.message.body, '--json is a word here');
      } finally {
        elsewhere.cleanup();
      }
    });

    it('the main help still comes first, and an unknown option before the command is named', async () => {
      assert.match((await coordIn(dir, ['--help', 'status'])).stdout, /^coord — /);
      const run = await coordIn(dir, ['--jsn', 'status']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /unknown command "--jsn"/);
    });
  });

  describe('usage errors (exit 2)', () => {
    it('names an unknown command', async () => {
      const run = await coordIn(dir, ['frobnicate']);
      assert.equal(run.code, 2);
      assert.deepEqual(run.out, []);
      assert.match(run.stderr, /^coord: unknown command "frobnicate"\n  run `coord --help`/);
    });

    it('names an unknown option', async () => {
      const id = await initAndStart();
      const run = await coordIn(dir, ['claim', 'issue', '1', '--tll', '5m'], { COORD_SESSION: id });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--tll/);
      assert.doesNotMatch(run.stderr, stackLine);
    });

    it('every command refuses words it does not take, naming the first (hook and guard say so, exit 0)', async () => {
      const id = await initAndStart();
      const failSoft: string[] = [];
      for (const command of loadAllCommands()) {
        // Enough well-formed words to fill any command's own arguments, then one too many.
        const sub = command.name === 'work' ? ['list'] : [];
        const argv = [command.name, ...sub, ...Array.from({ length: 8 }, (_, i) => `w${i}`), 'one-too-many', '--json'];
        const run = await coordIn(dir, argv, { COORD_SESSION: id });
        assert.match(
          run.json?.error?.message ?? '',
          /unexpected argument "(w\d|one-too-many)"/,
          `${command.name}: ${run.stdout}${run.stderr}`,
        );
        // Fail-soft: an agent's turn hook or a commit is never blocked by the hook's own error.
        if (command.failSoft) failSoft.push(command.name);
        assert.equal(run.code, command.failSoft ? 0 : 2, `${command.name}: ${run.stdout}${run.stderr}`);
      }
      assert.deepEqual(failSoft.sort(), ['guard', 'hook'], 'the README names these two');
    });

    it('says which argument is missing or extra', async () => {
      const id = await initAndStart();
      const missing = await coordIn(dir, ['claim', 'issue'], { COORD_SESSION: id });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /missing <name>\n  usage: coord claim <type> <name>/);
      const extra = await coordIn(dir, ['release', 'a', 'b', 'c'], { COORD_SESSION: id });
      assert.equal(extra.code, 2);
      assert.match(extra.stderr, /unexpected argument "c"/);
    });

    it('needs a session for session commands, and checks where it came from', async () => {
      await initAndStart();
      const none = await coordIn(dir, ['claim', 'issue', '1']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /`coord claim` needs a session/);
      const badFlag = await coordIn(dir, ['inbox', '--session', '../x']);
      assert.equal(badFlag.code, 2);
      assert.match(badFlag.stderr, /--session "\.\.\/x"/);
      const badEnv = await coordIn(dir, ['inbox'], { COORD_SESSION: 'Bad Id' });
      assert.equal(badEnv.code, 2);
      assert.match(badEnv.stderr, /COORD_SESSION "Bad Id"/);
    });

    it('refuses bad values naming the option', async () => {
      const id = await initAndStart();
      const env = { COORD_SESSION: id };
      const cases: [string[], RegExp][] = [
        [['claim', 'issue', '1', '--ttl', 'soon'], /--ttl "soon" is not a duration/],
        [['claim', 'Issue', '1'], /claim type "Issue"/],
        [['heartbeat', 'editing', 'x', 'test', '140'], /progress "140" must be a whole number from 0 to 100/],
        [['heartbeat', 'editing', 'x', 'test', '-1'], /progress "-1" must be a whole number from 0 to 100/],
        [['claim', 'issue', 'É42'], /claim name "É42" is not a slug: it contains "É"/],
        [
          ['send', 'broadcast', 's', 'b', '--priority', 'urgent'],
          /--priority "urgent" must be one of low, normal, high, critical/,
        ],
        [['start', '--kind', 'robot'], /--kind "robot" must be agent or human/],
        [['work', 'add', 'x', '--priority', '500'], /--priority "500" must be a whole number from 0 to 100/],
        [['work', 'fly'], /unknown work subcommand "fly"/],
        [['read', 'not-an-id'], /message id "not-an-id" is not a message id/],
      ];
      for (const [argv, pattern] of cases) {
        const run = await coordIn(dir, argv, env);
        assert.equal(run.code, 2, argv.join(' '));
        assert.match(run.stderr, pattern, argv.join(' '));
      }
    });
  });

  describe('refusals (exit 1)', () => {
    it('a held claim names its holder and the end of the lease, in text and in JSON', async () => {
      const alice = await initAndStart('alice');
      const bob = (await coordIn(dir, ['start', '--name', 'bob', '--json'])).json.session.id;
      assert.equal(
        (await coordIn(dir, ['claim', 'issue', '42', '--reason', 'fix login'], { COORD_SESSION: alice })).code,
        0,
      );

      const text = await coordIn(dir, ['claim', 'issue', '42'], { COORD_SESSION: bob });
      assert.equal(text.code, 1);
      assert.match(
        text.stderr,
        new RegExp(`^coord: issue/42 is held by ${alice} until \\S+Z \\(fix login\\)\\n  message them with`),
      );

      const json = await coordIn(dir, ['claim', 'issue', '42', '--json'], { COORD_SESSION: bob });
      assert.equal(json.code, 1);
      assert.equal(json.out.length, 1);
      assert.deepEqual(json.err, []);
      assert.equal(json.json.ok, false);
      assert.equal(json.json.error.code, 'refused');
      assert.equal(json.json.error.details.holder, alice);
      assert.match(json.json.error.details.expiresAt, /Z$/);
      assert.match(json.json.error.hint, /coord send/);
    });

    it('a message to an unknown session is refused', async () => {
      const alice = await initAndStart();
      const run = await coordIn(dir, ['send', 'nobody-000000', 'hi', 'there', '--json'], { COORD_SESSION: alice });
      assert.equal(run.code, 1);
      assert.equal(run.json.error.code, 'refused');
      assert.equal(run.json.error.details.recipient, 'nobody-000000');
    });

    it('an unregistered session is refused', async () => {
      await initAndStart();
      const run = await coordIn(dir, ['heartbeat'], { COORD_SESSION: 'ghost-000000' });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /session ghost-000000 is not registered in .*docs\/coordination/);
    });

    it('work next with nothing ready is exit 1 with ok: false and the one error shape', async () => {
      const alice = await initAndStart();
      const run = await coordIn(dir, ['work', 'next', '--json'], { COORD_SESSION: alice });
      assert.equal(run.code, 1);
      assert.equal(run.json.ok, false);
      assert.equal(run.json.item, null);
      assert.equal(run.json.error.code, 'refused');
      assert.match(run.json.error.message, /^no ready work item/);
      assert.match(run.json.error.hint, /coord work list/);
    });
  });

  describe('bad tree and I/O (exit 3)', () => {
    it('no tree: names the folder and says to run coord init', async () => {
      const run = await coordIn(dir, ['status']);
      assert.equal(run.code, 3);
      assert.match(
        run.stderr,
        new RegExp(`^coord: no coordination tree at ${dir}/docs/coordination\\n  run \`coord init\``),
      );
      const json = await coordIn(dir, ['status', '--json']);
      assert.equal(json.code, 3);
      assert.equal(json.json.error.code, 'bad-tree');
    });

    it('doctor lists each bad file with its path and reason and exits 3', async () => {
      await initAndStart();
      const bad = join(dir, 'docs', 'coordination', 'sessions', 'broken.json');
      writeFileSync(bad, '{');
      const text = await coordIn(dir, ['doctor']);
      assert.equal(text.code, 3);
      assert.match(text.stdout, new RegExp(`\\n  ${bad}: is not valid JSON`));
      assert.match(text.stdout, /1 problem\(s\) found/);
      const json = await coordIn(dir, ['doctor', '--json']);
      assert.equal(json.code, 3);
      assert.equal(json.json.ok, false);
      assert.equal(json.json.problems.length, 1);
      assert.equal(json.json.problems[0].path, bad);
      assert.equal(json.json.error.code, 'bad-tree');
      assert.ok(json.json.error.message.includes(bad), json.json.error.message);
      assert.equal(readFileSync(bad, 'utf8'), '{', 'doctor never changes a record');
    });

    it('an unexpected error names what failed and where, without a stack trace unless --debug', async () => {
      // A file where the docs folder belongs makes `init` fail inside node:fs.
      writeFileSync(join(dir, 'docs'), 'not a folder');
      const run = await coordIn(dir, ['init']);
      assert.equal(run.code, 3);
      assert.deepEqual(run.out, []);
      assert.match(run.stderr, new RegExp(`^coord: .*${join(dir, 'docs')}`));
      assert.match(run.stderr, /run again with --debug/);
      assert.doesNotMatch(run.stderr, stackLine);

      const json = await coordIn(dir, ['init', '--json']);
      assert.equal(json.code, 3);
      assert.equal(json.json.error.code, 'io');
      assert.deepEqual(json.err, []);

      const debug = await coordIn(dir, ['init', '--debug']);
      assert.equal(debug.code, 3);
      assert.match(debug.stderr, stackLine);
    });

    it('--debug also shows the stack of a known error; without it there is none', async () => {
      const plain = await coordIn(dir, ['status']);
      assert.doesNotMatch(plain.stderr, stackLine);
      const debug = await coordIn(dir, ['status', '--debug']);
      assert.equal(debug.code, 3);
      assert.match(debug.stderr, stackLine);
    });
  });

  describe('success (exit 0) and --json documents', () => {
    it('init, start, claim, heartbeat, claims, status each print one JSON document with ok: true', async () => {
      const init = await coordIn(dir, ['init', '--json']);
      assert.equal(init.code, 0);
      assert.equal(init.json.ok, true);
      assert.equal(init.json.dir, join(dir, 'docs', 'coordination'));
      assert.ok(init.json.created.length > 0);
      assert.deepEqual((await coordIn(dir, ['init', '--json'])).json.created, []);

      const start = await coordIn(dir, ['start', '--name', 'alice', '--role', 'backend', '--json']);
      const id = start.json.session.id;
      assert.equal(start.json.export, `export COORD_SESSION=${id}`);
      assert.equal(start.json.session.role, 'backend');
      const env = { COORD_SESSION: id };

      const claim = await coordIn(dir, ['claim', 'issue', '42', '--ttl', '30m', '--json'], env);
      assert.equal(claim.json.outcome, 'acquired');
      assert.equal(claim.json.claim.ttl, 1800);
      assert.equal(Date.parse(claim.json.expiresAt) - Date.parse(claim.json.claim.renewedAt), 1_800_000);

      const beat = await coordIn(dir, ['heartbeat', 'editing', 'src/a.ts', 'implement', '40%', '--json'], env);
      assert.equal(beat.json.session.beats, 1);
      assert.deepEqual(beat.json.session.heartbeat, {
        action: 'editing',
        target: 'src/a.ts',
        phase: 'implement',
        progress: 40,
      });
      assert.deepEqual(beat.json.renewed, ['issue/42']);

      const claims = await coordIn(dir, ['claims', '--mine', '--json'], env);
      assert.deepEqual(
        claims.json.claims.map((c: any) => [c.type, c.name, c.holder, c.free]),
        [['issue', '42', id, false]],
      );

      const status = await coordIn(dir, ['status', '--json'], env);
      assert.equal(status.code, 0);
      assert.equal(status.out.length, 1);
      assert.equal(status.json.ok, true);
      assert.equal(status.json.self.id, id);
      assert.deepEqual(status.json.sessionCounts, { active: 1, stale: 0, gone: 0, ended: 0 });
      assert.deepEqual(status.json.sessions[0].claims, ['issue/42']);
      assert.equal(status.json.sessions[0].state, 'active');
    });

    it('start prints the export line first, for eval', async () => {
      await coordIn(dir, ['init']);
      const run = await coordIn(dir, ['start', '--name', 'bob']);
      assert.equal(run.code, 0);
      assert.match(run.stdout.split('\n')[0] ?? '', /^export COORD_SESSION=bob-[0-9a-z]{6}$/);
    });

    it('finds the tree from a subfolder, from --root and from COORD_ROOT', async () => {
      await coordIn(dir, ['init']);
      mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
      const { dir: elsewhere, cleanup: cleanupElsewhere } = makeTempDir();
      try {
        const expected = join(dir, 'docs', 'coordination');
        assert.equal((await coordIn(join(dir, 'src', 'deep'), ['status', '--json'])).json.dir, expected);
        assert.equal((await coordIn(elsewhere, ['status', '--json', '--root', dir])).json.dir, expected);
        assert.equal((await coordIn(elsewhere, ['status', '--json'], { COORD_ROOT: dir })).json.dir, expected);
        const bad = await coordIn(elsewhere, ['status', '--root', join(elsewhere, 'missing')]);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /the root ".*missing" is not a folder\n  pass --root DIR with the repository folder/);
      } finally {
        cleanupElsewhere();
      }
    });

    it('work add, list, next and done', async () => {
      const alice = await initAndStart();
      const env = { COORD_SESSION: alice };
      const low = (await coordIn(dir, ['work', 'add', 'low one', '--priority', '10', '--json'], env)).json.item;
      const high = (await coordIn(dir, ['work', 'add', 'high one', '--priority', '90', '--json'], env)).json.item;
      assert.equal(high.createdBy, alice);
      const list = await coordIn(dir, ['work', 'list', '--json']);
      assert.deepEqual(
        list.json.items.map((i: any) => [i.id, i.state]),
        [
          [high.id, 'ready'],
          [low.id, 'ready'],
        ],
      );
      const next = await coordIn(dir, ['work', 'next', '--json'], env);
      assert.equal(next.code, 0);
      assert.equal(next.json.item.id, high.id);
      assert.deepEqual(next.json.claim, { type: 'work', name: high.id });
      const done = await coordIn(dir, ['work', 'done', high.id], env);
      assert.equal(done.code, 0);
      assert.equal(done.stdout, `Done: ${high.id}`);
      const text = await coordIn(dir, ['work', 'list']);
      assert.match(text.stdout, new RegExp(` 90  ${high.id}  high one  \\[done\\]`));
    });

    it('send, inbox and read', async () => {
      const alice = await initAndStart('alice');
      const bob = (await coordIn(dir, ['start', '--name', 'bob', '--json'])).json.session.id;
      const sent = await coordIn(
        dir,
        ['send', bob, 'hello', 'line 1\nline 2', '--priority', 'high', '--ack', '--json'],
        { COORD_SESSION: alice },
      );
      assert.equal(sent.code, 0);
      const id = sent.json.message.id;
      const inbox = await coordIn(dir, ['inbox', '--json'], { COORD_SESSION: bob });
      assert.deepEqual(
        inbox.json.messages.map((m: any) => [m.id, m.read, m.priority, m.ackRequired]),
        [[id, false, 'high', true]],
      );
      assert.equal(inbox.json.unread, 1);
      const read = await coordIn(dir, ['read', id], { COORD_SESSION: bob });
      assert.equal(read.code, 0);
      assert.match(read.stdout, new RegExp(`^From:     ${alice}\\n`));
      assert.ok(read.stdout.endsWith('line 1\nline 2'));
      const unread = await coordIn(dir, ['inbox', '--unread'], { COORD_SESSION: bob });
      assert.equal(unread.stdout, 'No unread messages.');
    });

    it('release and force-release', async () => {
      const alice = await initAndStart('alice');
      const bob = (await coordIn(dir, ['start', '--name', 'bob', '--json'])).json.session.id;
      await coordIn(dir, ['claim', 'module', 'auth'], { COORD_SESSION: alice });
      const refused = await coordIn(dir, ['release', 'module', 'auth'], { COORD_SESSION: bob });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /--force/);
      const forced = await coordIn(dir, ['release', 'module', 'auth', '--force', '--json'], { COORD_SESSION: bob });
      assert.equal(forced.code, 0);
      assert.equal(forced.json.forced, true);
      assert.equal(forced.json.released.holder, alice);
      const inbox = await coordIn(dir, ['inbox', '--json'], { COORD_SESSION: alice });
      assert.deepEqual(
        inbox.json.messages.map((m: any) => m.id),
        [forced.json.notified],
      );
    });
  });
});
