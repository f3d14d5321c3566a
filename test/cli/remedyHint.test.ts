import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHint, remedyHint } from '../../src/cli/remedyHint';
import { runCli } from '../../src/cli/run';
import { refused, usageError } from '../../src/core/store/errors';
import { everyAction, everyRemedy } from '../helpers/everyRemedy';
import { makeTempDir } from '../helpers/tempTree';

describe("remedyHint: the CLI's wording of a remedy", () => {
  it('is tested with every action of the union', () => {
    assert.deepEqual([...new Set(everyRemedy.map((r) => r.action))].sort(), [...everyAction].sort());
  });

  it('words every remedy for a person at a terminal, each variant differently', () => {
    const seen = new Map<string, string>();
    for (const remedy of everyRemedy) {
      const hint = remedyHint(remedy, 'claim');
      assert.ok(hint.length > 10, JSON.stringify(remedy));
      assert.doesNotMatch(hint, /\n/, JSON.stringify(remedy));
      // Two variants worded alike would lose what the remedy's fields say.
      assert.equal(seen.get(hint), undefined, `${JSON.stringify(remedy)} is worded as ${seen.get(hint)} is`);
      seen.set(hint, JSON.stringify(remedy));
    }
  });

  it('names the command or the flag that does it, with the facts of the remedy', () => {
    const cases: [Parameters<typeof remedyHint>[0], RegExp][] = [
      [
        { action: 'pass-option', option: 'force' },
        /^ask the holder, or pass --force \(the holder is told by message\)$/,
      ],
      [{ action: 'register-session' }, /`coord start`.*--session ID/],
      [
        { action: 'ask-holder', holder: 'al-1' },
        /^message them with `coord send al-1 <subject> <body>`, or pick other work$/,
      ],
      [
        { action: 'ask-holder', holder: 'al-1', overlapping: 'exclusive' },
        /`coord send al-1 .*claim files that do not overlap$/,
      ],
      [{ action: 'ask-holder', holder: 'al-1', overlapping: 'shared' }, /do not overlap, or claim with --shared$/],
      [{ action: 'take-claim', type: 'issue', name: '8' }, /^take it with `coord claim issue 8`$/],
      [{ action: 'finish-dependencies', waitingOn: ['a-1', 'b-2'] }, /^finish a-1, b-2 first \(`coord work list`/],
      [{ action: 'choose-existing', kind: 'recipient' }, /`coord status`.*broadcast/],
      [{ action: 'init-tree' }, /`coord init` in the repository, or pass --root DIR/],
      [{ action: 'init-tree', missingFile: '/r/p.json' }, /`coord init` to recreate it \(existing files are kept\)/],
      [
        { action: 'repair-tree', path: '/r/p.json', recreatedByInit: true },
        /^fix or delete \/r\/p\.json, then run `coord init`$/,
      ],
      [
        { action: 'repair-tree', path: '/r/s.json' },
        /^fix or remove \/r\/s\.json \(`coord doctor` lists every broken file\)$/,
      ],
      [{ action: 'configure-sync', setting: 'remote' }, /--remote, COORD_SYNC_REMOTE or coordination\.sync\.remote/],
      [{ action: 'configure-sync', setting: 'branch' }, /--branch, COORD_SYNC_BRANCH or coordination\.sync\.branch/],
      [{ action: 'fix-input' }, /`coord claim --help`/],
    ];
    for (const [remedy, expected] of cases) assert.match(remedyHint(remedy, 'claim'), expected, JSON.stringify(remedy));
  });

  it("cliHint: an error's own hint, else its remedy worded", () => {
    assert.equal(cliHint(usageError('bad', 'write it like 90s')), 'write it like 90s');
    assert.equal(
      cliHint(refused('held', undefined, undefined, { action: 'take-claim', type: 'issue', name: '8' })),
      'take it with `coord claim issue 8`',
    );
    assert.match(cliHint(new Error('boom')), /--debug/);
  });
});

describe("cli: a core error is shown with the CLI's wording of its remedy (in process)", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  async function coordIn(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
    const err: string[] = [];
    const code = await runCli(argv, { cwd: dir, env, stdout: () => undefined, stderr: (t) => err.push(t) });
    return { code, stderr: err.join('\n') };
  }

  it('in text, under the message: the same hint as --json, for errors whose core hint is gone', async () => {
    assert.equal((await coordIn(['init'])).code, 0);
    const start = await runStart();
    const renew = await coordIn(['renew', 'issue', '8'], { COORD_SESSION: start });
    assert.equal(renew.code, 1);
    assert.equal(
      renew.stderr,
      `coord: you do not hold issue/8: nobody claims it\n  take it with \`coord claim issue 8\``,
    );
    mkdirSync(join(dir, 'docs', 'coordination', 'work'), { recursive: true });
    writeFileSync(join(dir, 'docs', 'coordination', 'work', 'broken-0000.json'), '{');
    const done = await coordIn(['work', 'done', 'broken-0000'], { COORD_SESSION: start });
    assert.equal(done.code, 3);
    assert.match(
      done.stderr,
      /^coord: work item .*broken-0000\.json .*\n {2}fix or remove .*broken-0000\.json \(`coord doctor`/,
    );
  });

  async function runStart(): Promise<string> {
    const out: string[] = [];
    await runCli(['start', '--name', 'carol', '--json'], {
      cwd: dir,
      env: {},
      stdout: (t) => out.push(t),
      stderr: () => undefined,
    });
    return (JSON.parse(out.join('\n')) as { session: { id: string } }).session.id;
  }
});
