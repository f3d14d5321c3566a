import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { openContext, type CoordContext } from '../../src/core/records/context';
import { sendMessage } from '../../src/core/messages/messages';
import { startSession } from '../../src/core/sessions/sessions';
import { loadHostileCorpus, loadProcs, type HostileCorpus, type Procs } from '../helpers/scriptsLib';
import { makeTempDir, makeTempTree, type TempTree } from '../helpers/tempTree';

// Sized for `npm test`; `npm run stress` writes 10,000 and more.
const corpusSize = Number(process.env.COORD_HOSTILE_FILES ?? 400);

type Snapshot = Map<string, string>;

describe('cli: hostile files and arguments (real processes, real files)', function () {
  this.timeout(120_000);
  let procs: Procs;
  let corpus: HostileCorpus;
  let tree: TempTree;
  let outside: { dir: string; cleanup(): void };
  let ctx: CoordContext;
  let host: string;
  let victim: string;
  let expected: string[];
  const readers = [['status'], ['status', '--all'], ['claims'], ['inbox'], ['work', 'list'], ['doctor']];

  before(async () => {
    procs = await loadProcs();
    corpus = await loadHostileCorpus();
    tree = makeTempTree();
    outside = makeTempDir('coord-outside-');
    ctx = openContext(tree.root);
    host = startSession(ctx, { name: 'host' }).id;
    const other = startSession(ctx, { name: 'other' }).id;
    sendMessage(ctx, other, host, 'a real message', 'hello');
    // A live session whose inbox folder links out of the tree: a message to it must not land outside.
    victim = startSession(ctx, { name: 'victim' }).id;
    mkdirSync(join(outside.dir, 'victim-inbox'));
    symlinkSync(join(outside.dir, 'victim-inbox'), ctx.layout.inboxDir(victim));
    const generated = corpus.generateHostileCorpus(ctx.layout.dir, {
      count: corpusSize,
      outsideDir: outside.dir,
      inbox: host,
      seed: 7,
    });
    assert.ok(generated.entries.length >= corpusSize);
    expected = [...generated.expected, `messages/${victim}`];
  });

  after(() => {
    tree.cleanup();
    outside.cleanup();
  });

  const snapshots = (): { tree: Snapshot; outside: Snapshot } => ({
    tree: corpus.snapshotTree(ctx.layout.dir),
    outside: corpus.snapshotTree(outside.dir),
  });

  function assertNoCrash(run: Awaited<ReturnType<Procs['runCoord']>>, label: string): void {
    assert.equal(run.signal, null, `${label}: killed by ${run.signal}`);
    assert.ok(!procs.looksLikeCrash(run), `${label} crashed:\n${run.stdout}\n${run.stderr}`);
    assert.equal(run.jsonError, undefined, `${label}: --json output is not JSON`);
  }

  it('status, claims, inbox, work list and doctor never crash: exit 0 or 3, in text and in --json', async () => {
    for (const args of readers) {
      for (const json of [false, true]) {
        const argv = [...args, ...(json ? ['--json'] : [])];
        const label = `coord ${argv.join(' ')}`;
        const run = await procs.runCoord(argv, { cwd: tree.root, session: host });
        assertNoCrash(run, label);
        assert.ok(run.code === 0 || run.code === 3, `${label} exited ${run.code}: ${run.stdout}${run.stderr}`);
        assert.equal(run.code, args[0] === 'doctor' ? 3 : 0, `${label} exited ${run.code}: ${run.stderr}`);
        // Nothing from a file reaches the terminal raw: no escape sequences, no C1 controls.
        if (!json)
          assert.doesNotMatch(
            `${run.stdout}${run.stderr}`,
            corpus.rawControlPattern,
            `${label} printed a raw control character`,
          );
        if (json) assert.ok(run.json, `${label} printed no JSON`);
      }
    }
    // The listings say that bad files were skipped, and still show the good records.
    const status = await procs.runCoord(['status', '--json'], { cwd: tree.root, session: host });
    assert.ok(status.json.diagnostics.length > 0);
    assert.ok(status.json.sessions.some((s: { id: string }) => s.id === host));
    const inbox = await procs.runCoord(['inbox', '--json'], { cwd: tree.root, session: host });
    assert.ok(inbox.json.messages.some((m: { subject: string }) => m.subject === 'a real message'));
  });

  it('coord doctor reports every bad file with its path, each once, and nothing else', async () => {
    const run = await procs.runCoord(['doctor', '--json'], { cwd: tree.root });
    assertNoCrash(run, 'coord doctor --json');
    assert.equal(run.code, 3);
    const problems = run.json.problems as { path: string; reason: string }[];
    const reported = problems.map((p) =>
      relative(run.json.dir as string, p.path)
        .split(sep)
        .join('/'),
    );
    const counts = new Map<string, number>();
    for (const rel of reported) counts.set(rel, (counts.get(rel) ?? 0) + 1);
    assert.deepEqual(
      [...counts].filter(([, n]) => n > 1),
      [],
      'a file was reported more than once',
    );
    const missing = expected.filter((rel) => !counts.has(rel));
    const extra = reported.filter((rel) => !expected.includes(rel));
    assert.deepEqual(missing, [], 'bad files doctor did not report');
    assert.deepEqual(extra, [], 'files doctor reported that are not bad');
    for (const p of problems) assert.ok(p.reason.length > 5, `no reason for ${p.path}`);

    const text = await procs.runCoord(['doctor'], { cwd: tree.root });
    assert.equal(text.code, 3);
    assert.match(text.stdout, new RegExp(`\\b${expected.length} problem\\(s\\) found`));
    assert.doesNotMatch(text.stdout, corpus.rawControlPattern);
  });

  it('reading never changes a file, in the tree or behind its links', async () => {
    const before = snapshots();
    for (const args of readers) await procs.runCoord([...args, '--json'], { cwd: tree.root, session: host });
    const after = snapshots();
    assert.deepEqual(corpus.diffSnapshots(before.tree, after.tree), []);
    assert.deepEqual(corpus.diffSnapshots(before.outside, after.outside), []);
  });

  it('writers next to hostile files change only their own files and never write through a link out of the tree', async () => {
    const before = snapshots();
    const run = (args: string[], session = host) => procs.runCoord([...args, '--json'], { cwd: tree.root, session });
    const results = [
      await run(['heartbeat', 'testing', 'hostile']),
      await run(['claim', 'real', 'two']),
      await run(['send', 'broadcast', 'hello', 'world']),
      await run(['work', 'add', 'a real item']),
      await run(['work', 'next']),
      await run(['release', 'real', 'two']),
    ];
    for (const r of results) {
      assertNoCrash(r, `coord ${r.args.join(' ')}`);
      assert.equal(r.code, 0, `coord ${r.args.join(' ')}: ${r.stdout}${r.stderr}`);
    }
    // Writing into a claim-type folder or an inbox that links out of the tree is refused, not followed.
    const throughLinks = [await run(['claim', 'linked', 'grab']), await run(['send', victim, 'hi', 'there'])];
    for (const r of throughLinks) {
      assertNoCrash(r, `coord ${r.args.join(' ')}`);
      assert.notEqual(r.code, 0, `coord ${r.args.join(' ')} wrote through a link: ${r.stdout}`);
    }
    const after = snapshots();
    assert.deepEqual(corpus.diffSnapshots(before.outside, after.outside), [], 'a file outside the tree changed');
    const messageId = results[2]!.json.message.id as string;
    const workId = results[3]!.json.item.id as string;
    const nextId = results[4]!.json.item.id as string;
    const allowed = new Set([
      `sessions/${host}.json`,
      'claims/real',
      `messages/broadcast/${messageId}.json`,
      `work/${workId}.json`,
      'claims/work',
      `claims/work/${nextId}.json`,
    ]);
    const unexpected = corpus.diffSnapshots(before.tree, after.tree).filter((line) => {
      const rel = JSON.parse(line.slice(line.indexOf(' ') + 1)) as string;
      return !allowed.has(rel) && !rel.startsWith('.local') && !rel.split('/').some((part) => part.startsWith('.'));
    });
    assert.deepEqual(unexpected, []);
  });

  it('arguments that would leave the tree are refused with exit 2, and nothing is written', async () => {
    const before = snapshots();
    const attempts: { args: string[]; session?: string }[] = [
      { args: ['claim', '../x', 'y'], session: host },
      { args: ['claim', 'x', '../y'], session: host },
      { args: ['claim', '..', 'y'], session: host },
      { args: ['claim', 'x/y', 'z'], session: host },
      { args: ['claim', '/etc', 'passwd'], session: host },
      { args: ['claim', 'x', '.hidden'], session: host },
      { args: ['renew', 'x', '../../y'], session: host },
      { args: ['release', '../x', 'y'], session: host },
      { args: ['send', '../../etc', 'x', 'y'], session: host },
      { args: ['send', 'broadcast/../../x', 'x', 'y'], session: host },
      { args: ['read', '../../../etc/passwd'], session: host },
      { args: ['work', 'done', '../x'], session: host },
      { args: ['work', 'add', 'title', '--depends-on', '../x'], session: host },
      { args: ['status', '--session', '../a'] },
      { args: ['heartbeat', '--session', '../a'] },
      { args: ['claim', 'a', 'b', '--session', '../../a'] },
      { args: ['inbox', '--session', '/etc/passwd'] },
      { args: ['claim', 'a', 'b'], session: '../a' },
      { args: ['send', 'broadcast', 'x', 'y'], session: 'x/../../a' },
    ];
    const runs = attempts.flatMap(({ args, session }) =>
      [false, true].map((json) => ({ argv: [...args, ...(json ? ['--json'] : [])], session, json })),
    );
    const results = await Promise.all(
      runs.map(({ argv, session }) => procs.runCoord(argv, { cwd: tree.root, ...(session ? { session } : {}) })),
    );
    results.forEach((r, i) => {
      const { argv, session, json } = runs[i]!;
      const label = `coord ${argv.join(' ')}${session ? ` (COORD_SESSION=${session})` : ''}`;
      assertNoCrash(r, label);
      assert.equal(r.code, 2, `${label} exited ${r.code}: ${r.stdout}${r.stderr}`);
      if (json) assert.equal(r.json.error.code, 'usage', label);
      else assert.match(r.stderr, /^coord: /, label);
    });
    const after = snapshots();
    assert.deepEqual(corpus.diffSnapshots(before.tree, after.tree), []);
    assert.deepEqual(corpus.diffSnapshots(before.outside, after.outside), []);
  });

  it('trees broken at the top (protocol.json, folders that are files or links) never crash a command', async () => {
    for (const variant of corpus.brokenTreeVariants) {
      const broken = makeTempTree();
      const away = makeTempDir('coord-outside-');
      try {
        const brokenCtx = openContext(broken.root);
        const session = startSession(brokenCtx, { name: 'broken' }).id;
        variant.apply(brokenCtx.layout.dir, away.dir);
        const awayBefore = corpus.snapshotTree(away.dir);
        const commands = [
          ['status'],
          ['claims'],
          ['inbox'],
          ['work', 'list'],
          ['doctor'],
          ['heartbeat'],
          ['claim', 'a', 'b'],
          ['send', 'broadcast', 'x', 'y'],
          ['work', 'add', 'item'],
        ].map((args) => [...args, '--json']);
        commands.push(['status'], ['doctor']);
        const runs = await Promise.all(commands.map((args) => procs.runCoord(args, { cwd: broken.root, session })));
        for (const r of runs) {
          const label = `${variant.name}: coord ${r.args.join(' ')}`;
          assertNoCrash(r, label);
          assert.ok([0, 1, 3].includes(r.code ?? -1), `${label} exited ${r.code}: ${r.stdout}${r.stderr}`);
          if (!r.args.includes('--json'))
            assert.doesNotMatch(
              `${r.stdout}${r.stderr}`,
              corpus.rawControlPattern,
              `${label} printed a raw control character`,
            );
          if (r.args[0] !== 'doctor' || !r.args.includes('--json')) continue;
          assert.equal(r.code, 3, `${label} found no problem: ${r.stdout}`);
          const named = JSON.stringify(r.json.problems ?? r.json.error);
          assert.ok(
            named.includes(join(brokenCtx.layout.dir, variant.rel)),
            `${label} does not name ${variant.rel}: ${named}`,
          );
        }
        assert.deepEqual(
          corpus.diffSnapshots(awayBefore, corpus.snapshotTree(away.dir)),
          [],
          `${variant.name}: a command wrote through a link out of the tree`,
        );
      } finally {
        broken.cleanup();
        away.cleanup();
      }
    }
  });
});
