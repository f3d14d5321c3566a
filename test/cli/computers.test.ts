import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { takeClaim } from '../../src/core/claims/claims';
import { openContext } from '../../src/core/records/context';
import { startSession } from '../../src/core/sessions/sessions';
import { writeComputers, writeLastRound } from '../../src/core/sync/computersFile';
import { coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/** `coord status` shows every computer that syncs the tree, as real processes read it from real files. */
describe('cli: computers in coord status', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir('coord-computers-'));
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
  });
  afterEach(() => cleanup());

  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  it('before any round shows this computer alone, never synced, active while its session holds a claim', () => {
    const alice = startSessionCli(dir, 'alice');
    const other = openContext(dir);
    startSession({ ...other, host: 'c2' }, { name: 'bob' });
    let status = coordSync(['status', '--json'], { cwd: dir }).json;
    assert.equal(status.syncIntervalMs, 300_000);
    assert.deepEqual(
      status.computers.map((c: any) => [c.host, c.self, c.state]),
      [[hostname(), true, 'idle']],
    );
    assert.deepEqual(status.computers[0].sync, { syncing: false, neverSynced: true });
    assert.equal(coordSync(['claim', 'issue', '1'], { cwd: dir, session: alice }).code, 0);
    status = coordSync(['status', '--json'], { cwd: dir }).json;
    assert.equal(status.computers[0].state, 'active');
    assert.deepEqual(
      status.computers[0].sessions.map((s: any) => [s.id, s.working]),
      [[alice, true]],
    );
    const text = coordSync(['status'], { cwd: dir }).stdout;
    assert.match(text, /^Computers: 1 \(offline after 10m without news; \* = working\)$/m);
    assert.match(text, new RegExp(`^  ${hostname()} \\(this computer\\) · active · 1 live, 1 working: alice\\*$`, 'm'));
    assert.match(text, /^ {4}never synced$/m);
  });

  it("after a round lists the others by when their news arrived here, and this computer's last round", () => {
    startSessionCli(dir, 'alice');
    const ctx = openContext(dir);
    const bob = startSession({ ...ctx, host: 'c2' }, { name: 'bob' }).id;
    takeClaim({ ...ctx, host: 'c2' }, bob, 'issue', '2');
    startSession({ ...ctx, host: 'c3' }, { name: 'carol' });
    const writer = (w: string, host: string, newsAt: string) => ({ writer: w, host, tip: 'a'.repeat(40), newsAt });
    writeComputers(ctx.layout, {
      version: 1,
      remote: 'origin',
      self: { writer: `${hostname()}.aaaa`, host: hostname() },
      writers: [
        writer(`${hostname()}.aaaa`, hostname(), ago(90_000)),
        writer('c2.one', 'c2', ago(60_000)),
        writer('c3.one', 'c3', ago(11 * 60_000)),
        writer('c4.one', 'c4\u001b[2J', ago(1000)),
      ],
    });
    const reason = 'push refused 5 times';
    const finishedAt = ago(5000);
    writeLastRound(ctx.layout, {
      outcome: 'gave-up',
      finishedAt,
      reason,
      ahead: 2,
      behind: 1,
      durationMs: 9,
      problems: 0,
    });
    const status = coordSync(['status', '--json'], { cwd: dir }).json;
    const rows = status.computers.map((c: any) => [c.host, c.state]);
    assert.deepEqual(rows, [
      [hostname(), 'idle'],
      ['c2', 'active'],
      ['c4\u001b[2J', 'idle'],
      ['c3', 'offline'],
    ]);
    const me = status.computers[0];
    assert.equal(me.sync.lastError, 'push refused 5 times');
    assert.deepEqual([me.sync.lastRound.ahead, me.sync.lastRound.behind], [2, 1]);
    const text = coordSync(['status'], { cwd: dir }).stdout;
    assert.match(text, /^  c2 · active · news 1m ago · 1 live, 1 working: bob\*$/m);
    assert.match(text, /^  c3 · offline · news 11m ago · 1 live, 0 working: carol$/m);
    assert.match(text, /^ {4}last round gave-up \ds ago, ahead 2, behind 1, published 1m ago — push refused 5 times$/m);
    // Escape sequences in the computers file (session records refuse them) reach the terminal as harmless characters.
    assert.doesNotMatch(text, /\u001b/);
    assert.match(text, /^  c4\?\[2J · idle · news \ds ago · 0 live, 0 working$/m);
  });
});
