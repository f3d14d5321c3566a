import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { loadAllCommands } from '../../src/cli/commandTable';
import { coordSync, startSessionCli, type CoordRun } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * The remedy set, written out here rather than imported: a remedy added to the core (or a field renamed) fails
 * this test until the contract it documents is changed on purpose.
 */
const remedy = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('fix-input') }),
  z.strictObject({ action: z.literal('pass-option'), option: z.enum(['force', 'wait', 'shared']) }),
  z.strictObject({ action: z.literal('register-session') }),
  z.strictObject({
    action: z.literal('ask-holder'),
    holder: z.string().min(1),
    overlapping: z.optional(z.enum(['exclusive', 'shared'])),
  }),
  z.strictObject({ action: z.literal('take-claim'), type: z.string().min(1), name: z.string().min(1) }),
  z.strictObject({ action: z.literal('finish-dependencies'), waitingOn: z.array(z.string()).min(1) }),
  z.strictObject({
    action: z.literal('choose-existing'),
    kind: z.enum(['session', 'recipient', 'work-item', 'message', 'claim', 'folder']),
  }),
  z.strictObject({ action: z.literal('retry-later') }),
  z.strictObject({ action: z.literal('init-tree'), missingFile: z.optional(z.string()) }),
  z.strictObject({
    action: z.literal('repair-tree'),
    path: z.optional(z.string()),
    recreatedByInit: z.optional(z.boolean()),
  }),
  z.strictObject({ action: z.literal('check-file-system'), path: z.optional(z.string()) }),
  z.strictObject({ action: z.literal('edit-file'), path: z.string() }),
  z.strictObject({ action: z.literal('configure-sync'), setting: z.enum(['remote', 'branch']) }),
  z.strictObject({
    action: z.literal('change-environment'),
    need: z.enum(['git-repository', 'sync-enabled', 'workspace-trust']),
  }),
  z.strictObject({ action: z.literal('nothing-to-do') }),
  z.strictObject({ action: z.literal('report-bug') }),
]);

/** The one failure shape: a command may keep its result beside `error` (doctor's report, work next's item). */
const failure = z.looseObject({
  ok: z.literal(false),
  error: z.strictObject({
    code: z.enum(['refused', 'usage', 'bad-tree', 'io']),
    message: z.string().min(1),
    hint: z.string().min(1),
    remedy,
    details: z.record(z.string(), z.unknown()),
  }),
});

const exitOf = { refused: 1, usage: 2, 'bad-tree': 3, io: 3 } as const;

function gitIn(cwd: string, args: string[]): void {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && !k.startsWith('COORD_')) env[k] = v;
  const run = spawnSync('git', args, { cwd, env: { ...env, LC_ALL: 'C' }, encoding: 'utf8' });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
}

/**
 * Every command run into a failure with --json through the real `coord`: one JSON document on stdout in the one
 * shape, with a remedy a program can act on and a hint a person can, and the exit code of its error code.
 */
describe('cli --json: every failure is {ok: false, error: {code, message, hint, remedy, details}}', function () {
  this.timeout(180_000);
  let dir: string;
  /** Never initialized: no tree. */
  let bare: string;
  const cleanups: (() => void)[] = [];
  let alice: string;
  let bob: string;
  const covered = new Set<string>();

  before(() => {
    dir = tempDir('coord-shape-');
    bare = tempDir('coord-shape-bare-');
    gitIn(dir, ['init', '-q']);
    gitIn(dir, ['config', 'user.name', 'Tester']);
    gitIn(dir, ['config', 'user.email', 'tester@example.invalid']);
    assert.equal(coordSync(['init', '--guard'], { cwd: dir }).code, 0);
    alice = startSessionCli(dir, 'alice');
    bob = startSessionCli(dir, 'bob');
  });
  after(() => {
    for (const cleanup of cleanups) cleanup();
  });

  function tempDir(prefix: string): string {
    const made = makeTempDir(prefix);
    cleanups.push(made.cleanup);
    return made.dir;
  }

  /** Runs one failing command and checks the shape; returns the error for the case's own checks. */
  interface Case {
    cwd?: string;
    session?: string;
    env?: Record<string, string>;
    exit?: number;
  }

  function fails(command: string, args: string[], options: Case = {}): z.infer<typeof failure>['error'] {
    covered.add(command);
    const run: CoordRun = coordSync([command, ...args, '--json'], {
      cwd: options.cwd ?? dir,
      ...(options.session ? { session: options.session } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    const label = `coord ${command} ${args.join(' ')}`;
    assert.equal(run.stderr, '', `${label} wrote to stderr`);
    const parsed = failure.safeParse(run.json);
    assert.ok(parsed.success, `${label}: ${run.stdout}\n${parsed.error ? z.prettifyError(parsed.error) : ''}`);
    assert.equal(run.code, options.exit ?? exitOf[parsed.data.error.code], `${label}: exit code`);
    return parsed.data.error;
  }

  /** The remedy of a failing command, after the shape is checked. */
  function remedyOf(command: string, args: string[], options: Case = {}): unknown {
    return fails(command, args, options).remedy;
  }

  it('init, start, stop, status', () => {
    const noGit = tempDir('coord-shape-nogit-');
    assert.deepEqual(remedyOf('init', ['--guard'], { cwd: noGit }), {
      action: 'change-environment',
      need: 'git-repository',
    });
    assert.deepEqual(remedyOf('start', ['--kind', 'robot']), { action: 'fix-input' });
    assert.deepEqual(remedyOf('stop', [], { session: 'ghost-000000' }), { action: 'register-session' });
    const status = fails('status', [], { cwd: bare });
    assert.equal(status.code, 'bad-tree');
    assert.deepEqual(status.remedy, { action: 'init-tree' });
  });

  it('heartbeat, claim, renew, release, claims', () => {
    assert.deepEqual(remedyOf('heartbeat', ['editing', 'x', 'test', '140'], { session: alice }), {
      action: 'fix-input',
    });
    assert.equal(coordSync(['claim', 'issue', '7'], { cwd: dir, session: alice }).code, 0);
    const held = fails('claim', ['issue', '7'], { session: bob });
    assert.deepEqual(held.remedy, { action: 'ask-holder', holder: alice });
    assert.equal(held.details.holder, alice);
    assert.match(held.hint, new RegExp(`coord send ${alice}`));
    const renew = fails('renew', ['issue', '8'], { session: bob });
    assert.deepEqual(renew.remedy, { action: 'take-claim', type: 'issue', name: '8' });
    assert.equal(renew.hint, 'take it with `coord claim issue 8`');
    const release = fails('release', ['issue', '7'], { session: bob });
    assert.deepEqual(release.remedy, { action: 'pass-option', option: 'force' });
    assert.match(release.hint, /--force/);
    assert.deepEqual(remedyOf('claims', [], { cwd: bare }), { action: 'init-tree' });
  });

  it('send, inbox, read, hook (which exits 0 even so)', () => {
    const send = fails('send', ['nobody-000000', 'hi', 'there'], { session: alice });
    assert.deepEqual(send.remedy, { action: 'choose-existing', kind: 'recipient' });
    assert.match(send.hint, /coord status.*broadcast/);
    assert.equal(send.details.recipient, 'nobody-000000');
    const inbox = fails('inbox', []);
    assert.deepEqual(inbox.remedy, { action: 'register-session' });
    assert.match(inbox.hint, /coord start/);
    assert.deepEqual(remedyOf('read', ['01m7yzmhg0tb1fex8nn5mc9yam'], { session: alice }), {
      action: 'choose-existing',
      kind: 'message',
    });
    assert.deepEqual(remedyOf('hook', ['--format', 'xml'], { session: alice, exit: 0 }), { action: 'fix-input' });
  });

  it('guard refusing a commit that touches a claimed file (exit 1, its report beside the error)', () => {
    assert.equal(coordSync(['claim', 'path', 'src/**'], { cwd: dir, session: alice }).code, 0);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
    gitIn(dir, ['add', 'src/a.ts']);
    const guard = fails('guard', [], { session: bob });
    assert.deepEqual(guard.remedy, { action: 'ask-holder', holder: alice });
    assert.deepEqual(guard.details.files, ['src/a.ts']);
    gitIn(dir, ['reset', '-q']);
  });

  it('work next with nothing ready, work done of no such item', () => {
    const next = fails('work', ['next'], { session: bob });
    assert.deepEqual(next.remedy, { action: 'retry-later' });
    const beside = coordSync(['work', 'next', '--json'], { cwd: dir, session: bob });
    assert.equal(beside.json.item, null, 'the result stays beside the error');
    assert.deepEqual(remedyOf('work', ['done', 'no-such-item'], { session: bob }), {
      action: 'choose-existing',
      kind: 'work-item',
    });
  });

  it('sync and watch with sync turned off, health needing a session, report without a tree', () => {
    const off = { COORD_SYNC: 'off' };
    const sync = fails('sync', [], { env: off });
    assert.deepEqual(sync.remedy, { action: 'change-environment', need: 'sync-enabled' });
    assert.equal(sync.details.outcome, 'disabled');
    assert.deepEqual(remedyOf('watch', ['--no-health'], { env: off }), {
      action: 'change-environment',
      need: 'sync-enabled',
    });
    assert.deepEqual(remedyOf('health', ['--broadcast']), { action: 'register-session' });
    assert.deepEqual(remedyOf('report', [], { cwd: bare }), { action: 'init-tree' });
  });

  it('mcp and simulate with bad arguments, doctor with a broken file (its report beside the error)', () => {
    assert.deepEqual(remedyOf('mcp', ['extra']), { action: 'fix-input' });
    assert.equal(fails('simulate', ['--agents', 'many']).code, 'usage');
    writeFileSync(join(dir, 'docs', 'coordination', 'sessions', 'broken.json'), '{');
    const doctor = fails('doctor', []);
    assert.deepEqual(doctor.remedy, { action: 'repair-tree' });
    const report = coordSync(['doctor', '--json'], { cwd: dir }).json;
    assert.equal(report.problems.length, 1, 'the report stays beside the error');
  });

  it('an unknown command and an unexpected file-system error', () => {
    const unknown = coordSync(['frobnicate', '--json'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.ok(failure.safeParse(unknown.json).success, unknown.stdout);
    // A file where the docs folder belongs makes `init` fail inside node:fs.
    const blocked = tempDir('coord-shape-io-');
    writeFileSync(join(blocked, 'docs'), 'not a folder');
    const io = fails('init', [], { cwd: blocked });
    assert.equal(io.code, 'io');
    assert.equal(io.remedy.action, 'check-file-system');
  });

  it('no command at all, or a global option missing its value, with --json (the text help is for a person)', () => {
    for (const args of [['--json'], ['--json', '--root'], ['--root', '--json']]) {
      const run = coordSync(args, { cwd: dir });
      const label = `coord ${args.join(' ')}`;
      assert.equal(run.code, 2, label);
      assert.equal(run.stderr, '', label);
      const parsed = failure.safeParse(run.json);
      assert.ok(parsed.success, `${label}: ${run.stdout}`);
      assert.equal(parsed.data.error.code, 'usage');
      assert.deepEqual(parsed.data.error.remedy, { action: 'fix-input' });
    }
    assert.match(coordSync(['--json'], { cwd: dir }).json.error.message, /no command/);
    assert.match(coordSync(['--json', '--root'], { cwd: dir }).json.error.message, /--root/);
    // Without --json: the help for no command, the option's own error for a missing value.
    const bareHelp = coordSync([], { cwd: dir });
    assert.equal(bareHelp.code, 2);
    assert.match(bareHelp.stdout, /^coord — /);
    const noRoot = coordSync(['--root'], { cwd: dir });
    assert.equal(noRoot.code, 2);
    assert.equal(noRoot.stdout, '');
    assert.match(noRoot.stderr, /--root/);
  });

  it('a `--json` after `--` is a word of the command, not the option: the answer is text', () => {
    const run = coordSync(['send', bob, 'about --json', '--', '--json'], { cwd: dir, session: alice });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Sent /);
    const read = coordSync(['inbox', '--json'], { cwd: dir, session: bob }).json;
    const sent = read.messages.find((m: { subject: string }) => m.subject === 'about --json');
    assert.ok(sent, JSON.stringify(read.messages));
    const body = coordSync(['read', sent.id, '--json'], { cwd: dir, session: bob }).json;
    assert.equal(body.message.body, '--json');
  });

  it('covered every command', () => {
    assert.deepEqual(
      [...covered].sort(),
      loadAllCommands()
        .map((c) => c.name)
        .sort(),
    );
  });
});
