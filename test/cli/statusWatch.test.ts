import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayWidth } from '../../src/cli/terminalText';
import { cliPath, coordSync, startSessionCli } from '../helpers/runCoord';
import { loadPseudoTerminal, type PseudoTerminal } from '../helpers/scriptsLib';
import { makeTempDir } from '../helpers/tempTree';
import { TmuxPane } from '../helpers/tmuxPane';

// SGR (colour) is `ESC [ … m`; the board's other sequences move the cursor and clear, and are not colour.
const colourCode = /\u001b\[[0-9;]*m/;
const enterScreen = '\u001b[?1049h';
const restoreCursor = '\u001b[?25h';

/** The tree's protocol.json with these timings (the rest as `coord init` writes it). */
function writeProtocol(dir: string, timings: { heartbeatIntervalSeconds: number; goneAfterSeconds: number }): void {
  const protocol = { object: 'protocol', version: 1, ...timings, defaultTtlSeconds: 7200 };
  writeFileSync(join(dir, 'docs', 'coordination', 'protocol.json'), `${JSON.stringify(protocol, null, 2)}\n`);
}

describe('coord status --watch (real processes, a real pseudo-terminal, a real terminal: tmux)', function () {
  this.timeout(60_000);
  let pty: PseudoTerminal;
  let dir: string;
  let cleanup: () => void;
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env };
    delete e.COORD_SESSION;
    delete e.COORD_ROOT;
    delete e.NO_COLOR;
    return { ...e, ...extra };
  };
  before(async () => {
    pty = await loadPseudoTerminal();
  });
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    // Inside a git repository, as people run it.
    assert.equal(spawnSync('git', ['init', '-q', dir]).status, 0);
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
  });
  afterEach(() => cleanup());

  interface BoardOptions {
    cols?: number;
    rows?: number;
    extraEnv?: Record<string, string>;
    args?: string[];
  }
  const board = (options: BoardOptions = {}) =>
    pty.spawnInPty([process.execPath, cliPath, 'status', '--watch', ...(options.args ?? [])], {
      cwd: dir,
      env: env(options.extraEnv),
      cols: options.cols ?? 100,
      rows: options.rows ?? 30,
    });

  const watchCommand = [process.execPath, cliPath, 'status', '--watch'];

  it('redraws a session another process registers, its beat and a claim; Ctrl+C exits 0, cursor back', async () => {
    const alice = startSessionCli(dir, 'alice');
    const p = board();
    await p.waitFor('Ctrl+C to stop');
    assert.ok(p.output().includes(alice), 'the first frame shows the session already there');
    let from = p.mark();
    const bob = startSessionCli(dir, 'bob-the-probe');
    await p.waitFor(bob, { from });
    from = p.mark();
    assert.equal(coordSync(['heartbeat', 'editing', 'src/probe-target.ts'], { cwd: dir, session: bob }).code, 0);
    await p.waitFor('src/probe-target.ts', { from });
    from = p.mark();
    assert.equal(coordSync(['claim', 'issue', '42', '--reason', 'fix login'], { cwd: dir, session: alice }).code, 0);
    await p.waitFor('alice claimed issue/42', { from });
    p.interrupt();
    const exit = await p.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, p.output());
    const out = p.output();
    assert.ok(out.startsWith(enterScreen), 'it draws on the alternate screen');
    assert.ok(out.lastIndexOf(restoreCursor) > out.lastIndexOf('Ctrl+C to stop'), 'the cursor is shown again at exit');
    assert.ok(out.endsWith('\u001b[?1049l'), 'and the screen left as it was');
    assert.doesNotMatch(out + p.stderr(), /Error|\bat .*\.js:\d+/, 'no error, no stack');
  });

  it('shows the unread count of its session, redrawn when another session sends it a message', async () => {
    const alice = startSessionCli(dir, 'alice');
    const bob = startSessionCli(dir, 'bob');
    const p = board({ extraEnv: { COORD_SESSION: alice } });
    await p.waitFor('Ctrl+C to stop');
    assert.match(p.output(), /0 unread message\(s\)/);
    const from = p.mark();
    assert.equal(coordSync(['send', alice, 'review please', 'src/auth.ts'], { cwd: dir, session: bob }).code, 0);
    await p.waitFor('1 unread message(s)', { from });
    await p.waitFor('bob → alice: review please', { from });
    p.interrupt();
    assert.equal((await p.exited).code, 0);
  });

  it('fits every line to the terminal width: a real terminal shows each cut line ending in its ellipsis', async () => {
    const long = startSessionCli(dir, `a-very-long-session-name-that-cannot-fit-${'x'.repeat(40)}`);
    const target = `src/${'deep/'.repeat(30)}file.ts`;
    coordSync(['heartbeat', 'editing', target, 'implement', '40'], { cwd: dir, session: long });
    // The screen a terminal emulator (tmux) makes of the output, not the bytes: a line as wide as the terminal
    // leaves the cursor on its last column, where an erase written after it would wipe the ellipsis.
    const pane = TmuxPane.start(watchCommand, { cwd: dir, env: env(), cols: 40, rows: 20 });
    try {
      const lines = await pane.waitForScreen((l) => l.includes('Ctrl+C to stop'));
      const cut = lines.filter((l) => l.includes('a-very-long'));
      assert.equal(cut.length, 2, `the session's row and its joining: ${lines.join('\n')}`);
      for (const line of cut) {
        assert.ok(line.endsWith('…'), `a cut line ends in its ellipsis: ${JSON.stringify(line)}`);
        assert.equal(displayWidth(line), 40, `and fills the 40 columns: ${JSON.stringify(line)}`);
      }
      pane.interrupt();
      assert.equal(await pane.exitCode(), 0);
    } finally {
      pane.kill();
    }
  });

  it('a board as tall as the terminal stays in place: its first line on the top row, its last on the bottom', async () => {
    for (let i = 0; i < 30; i++) startSessionCli(dir, `agent-${i}`);
    const pane = TmuxPane.start(watchCommand, { cwd: dir, env: env(), cols: 80, rows: 16 });
    try {
      const lines = await pane.waitForScreen((l) => l.includes('Ctrl+C to stop'));
      assert.equal(lines.length, 16, lines.join('\n'));
      assert.match(lines[0] ?? '', /^Coordination /, `nothing scrolled off the top:\n${lines.join('\n')}`);
      assert.equal(lines[15], 'Ctrl+C to stop');
      // A redraw (a 31st session) keeps it there.
      startSessionCli(dir, 'agent-late');
      const after = await pane.waitForScreen((l) => l.some((line) => line.includes('agent-late')));
      assert.match(after[0] ?? '', /^Coordination /, after.join('\n'));
      assert.equal(after[15], 'Ctrl+C to stop');
    } finally {
      pane.kill();
    }
  });

  it('fits the terminal height: with more sessions than rows, says how many are not shown', async () => {
    for (let i = 0; i < 30; i++) startSessionCli(dir, `agent-${i}`);
    const p = board({ cols: 80, rows: 16 });
    await p.waitFor('Ctrl+C to stop');
    p.interrupt();
    assert.equal((await p.exited).code, 0);
    const frame = p.output().slice(p.output().lastIndexOf('\u001b[H'));
    const rows = frame.split('\r\n').length;
    assert.ok(rows <= 16, `a frame of ${rows} lines on 16 rows`);
    assert.match(frame, /…and \d+ more/);
  });

  it('draws in colour on a terminal, and with NO_COLOR set not one colour code (still in place)', async () => {
    startSessionCli(dir, 'alice');
    const coloured = board();
    await coloured.waitFor('Ctrl+C to stop');
    coloured.interrupt();
    await coloured.exited;
    assert.match(coloured.output(), colourCode, 'the control: colour is on without NO_COLOR');

    const plain = board({ extraEnv: { NO_COLOR: '1' } });
    await plain.waitFor('Ctrl+C to stop');
    const from = plain.mark();
    startSessionCli(dir, 'bob');
    await plain.waitFor('bob', { from });
    plain.interrupt();
    assert.equal((await plain.exited).code, 0);
    assert.doesNotMatch(plain.output(), colourCode);
    assert.ok(plain.output().includes('\u001b[H'), 'the board is still redrawn in place');
  });

  it('a session going stale is redrawn by the clock its beat names, with no file changing', async () => {
    // A 1 s interval: stale 2 s after the last beat.
    writeProtocol(dir, { heartbeatIntervalSeconds: 1, goneAfterSeconds: 600 });
    const p = board();
    await p.waitFor('Ctrl+C to stop');
    // Joined while the board runs, so it is drawn alive first however slowly the board started.
    let from = p.mark();
    startSessionCli(dir, 'sleepy');
    await p.waitFor('1 active', { from });
    from = p.mark();
    await p.waitFor('1 stale', { from, timeoutMs: 8000 });
    assert.match(p.output().slice(from), /sleepy went stale/);
    p.interrupt();
    assert.equal((await p.exited).code, 0);
  });

  it('a lease running out is redrawn when it ends, with no file changing', async () => {
    const alice = startSessionCli(dir, 'alice');
    const p = board({ extraEnv: { NO_COLOR: '1' } });
    await p.waitFor('Ctrl+C to stop');
    let from = p.mark();
    assert.equal(coordSync(['claim', 'issue', '42', '--ttl', '3s'], { cwd: dir, session: alice }).code, 0);
    // The control: the board drew the lease running, then nothing but the clock ends it.
    await p.waitFor(new RegExp(`issue/42 +${alice} +until `), { from });
    from = p.mark();
    await p.waitFor('issue/42 of alice expired', { from, timeoutMs: 8000 });
    assert.match(p.output().slice(from), new RegExp(`issue/42 +${alice} +expired`));
    p.interrupt();
    assert.equal((await p.exited).code, 0);
  });

  it('a session going gone is redrawn by the clock its beat names, with no file changing', async () => {
    // A 1 s interval and gone 3 s after the last beat: stale first, then gone, the board told of neither by a file.
    writeProtocol(dir, { heartbeatIntervalSeconds: 1, goneAfterSeconds: 3 });
    const p = board();
    await p.waitFor('Ctrl+C to stop');
    // Joined while the board runs, so it is drawn alive first however slowly the board started.
    let from = p.mark();
    startSessionCli(dir, 'sleepy');
    await p.waitFor('1 active', { from });
    from = p.mark();
    await p.waitFor('1 gone', { from, timeoutMs: 8000 });
    assert.match(p.output().slice(from), /sleepy is gone; its claims can be taken over/);
    p.interrupt();
    assert.equal((await p.exited).code, 0);
  });

  it('without a terminal: no escape codes at all, and SIGTERM exits 0', async () => {
    startSessionCli(dir, 'alice');
    const child = spawn(process.execPath, [cliPath, 'status', '--watch'], { cwd: dir, env: env() });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    await until(() => out.includes('Ctrl+C to stop'));
    startSessionCli(dir, 'bob');
    await until(() => out.split('Ctrl+C to stop').length === 3);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    assert.doesNotMatch(out, /\u001b/);
    assert.equal(err, '');
  });

  it('--json streams one status object per change, one line each, shaped as `coord status --json`', async () => {
    const alice = startSessionCli(dir, 'alice');
    const once = coordSync(['status', '--json'], { cwd: dir, session: alice });
    const watchEnv = env({ COORD_SESSION: alice });
    const child = spawn(process.execPath, [cliPath, 'status', '--watch', '--json'], { cwd: dir, env: watchEnv });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const objects = () =>
      out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
    await until(() => objects().length >= 1);
    const bob = startSessionCli(dir, 'bob');
    await until(() => objects().some((o) => o.sessions.some((s: { id: string }) => s.id === bob)));
    assert.equal(coordSync(['claim', 'issue', '7'], { cwd: dir, session: bob }).code, 0);
    await until(() => objects().some((o) => o.claims.length === 1));
    child.kill('SIGINT');
    assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0);
    const all = objects();
    assert.ok(out.endsWith('\n'), 'every object is a whole line');
    assert.ok(all.length >= 3 && all.length <= 6, `one object per change (start, bob, his claim): ${all.length}`);
    for (const o of all) assert.deepEqual(Object.keys(o).sort(), Object.keys(once.json).sort());
    assert.deepEqual(Object.keys(all[0].sessions[0]).sort(), Object.keys(once.json.sessions[0]).sort());
    assert.deepEqual(all[0].self, once.json.self, 'the same unread counts as `coord status`');
    assert.equal(all.at(-1).claims[0].holder, bob);
  });

  it('a burst of writes by another process is one redraw, not one per file', async () => {
    const child = spawn(process.execPath, [cliPath, 'status', '--watch', '--json'], { cwd: dir, env: env() });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const objects = () =>
      out
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
    await until(() => objects().length === 1);
    // 100 session files written atomically (temporary file, rename) by one process as fast as it can.
    const writer = [
      "const fs = require('node:fs'); const path = require('node:path');",
      'const [dir] = process.argv.slice(1); const now = new Date().toISOString(); const t0 = performance.now();',
      'for (let i = 0; i < 100; i++) {',
      "  const id = `burst-${i}`; const file = path.join(dir, 'docs/coordination/sessions', id + '.json');",
      "  const s = { object: 'session', version: 1, id, name: id, kind: 'agent', host: 'h', pid: 1,",
      '    startedAt: now, heartbeatAt: now, beats: 0 };',
      "  const tmp = path.join(path.dirname(file), '.' + id + '.tmp');",
      "  fs.writeFileSync(tmp, JSON.stringify(s, null, 2) + '\\n'); fs.renameSync(tmp, file);",
      '}',
      'process.stdout.write(String(performance.now() - t0));',
    ].join('\n');
    const wrote = spawnSync(process.execPath, ['-e', writer, dir], { encoding: 'utf8' });
    assert.equal(wrote.status, 0, wrote.stderr);
    await until(() => objects().at(-1)?.sessions.length === 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0);
    const frames = objects().length - 1;
    // Frames are at most one per 30 ms window the burst spans (plus the window it ends in), never one per file.
    const spanMs = Number(wrote.stdout);
    const allowed = Math.ceil(spanMs / 30) + 1;
    assert.ok(frames >= 1 && frames <= allowed, `100 files written in ${spanMs.toFixed(0)} ms gave ${frames} frames`);
  });

  it('refuses --all with --watch (exit 2), as any option it cannot honour', () => {
    const run = coordSync(['status', '--watch', '--all'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--all and --watch/);
  });
});

async function until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
