import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, coord, coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';
import { startTestServer, type TestServer } from '../helpers/httpServers';

describe('coord health, coord report, coord work assign, and the health loop in coord watch', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir('coord-health-'));
    assert.equal(coordSync(['init'], { cwd: dir }).code, 0);
  });
  afterEach(() => cleanup());

  it('coord health prints events and insights; --json is one document with the findings', () => {
    const a = startSessionCli(dir, 'alice');
    const b = startSessionCli(dir, 'bob');
    coordSync(['heartbeat', 'editing', 'src/x.ts'], { cwd: dir, session: a });
    coordSync(['heartbeat', 'editing', 'src/x.ts'], { cwd: dir, session: b });
    writeFileSync(join(dir, 'docs/coordination/milestones/beta.md'), '# Beta\n- [x] one\n- [ ] two\n');
    const text = coordSync(['health'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Health round 1 in /);
    assert.match(text.stdout, /Sessions: 2 active, 0 stale, 0 gone, 0 ended/);
    assert.match(text.stdout, new RegExp(`⚠ 2 sessions work on the same target src/x.ts: ${[a, b].sort().join(', ')}`));
    assert.match(text.stdout, /Milestones: 1\/2 \(50%\) — Beta 1\/2/);
    const json = coordSync(['health', '--json'], { cwd: dir }).json;
    assert.equal(json.ok, true);
    assert.equal(json.round, 2);
    assert.equal(json.duplicates.length, 1);
    assert.ok(existsSync(join(dir, 'docs/coordination/STATUS.md')));
  });

  it('coord health --broadcast needs a session, and says a finding once', () => {
    const a = startSessionCli(dir, 'alice');
    const b = startSessionCli(dir, 'bob');
    coordSync(['heartbeat', 'editing', 'x'], { cwd: dir, session: a });
    coordSync(['heartbeat', 'editing', 'x'], { cwd: dir, session: b });
    assert.equal(coordSync(['health', '--broadcast'], { cwd: dir }).code, 2);
    const first = coordSync(['health', '--broadcast', '--json'], { cwd: dir, session: a }).json;
    assert.equal(first.broadcast.count, 1);
    const inbox = coordSync(['inbox', '--json'], { cwd: dir, session: b }).json;
    assert.match(inbox.messages[0].subject, /^Health: 2 sessions work on the same target x/);
    assert.equal(coordSync(['health', '--broadcast', '--json'], { cwd: dir, session: a }).json.broadcast, undefined);
  });

  it('coord report writes a report and prints its path; doctor accepts the tree afterwards', () => {
    startSessionCli(dir, 'alice');
    const run = coordSync(['report'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const path = /^Wrote (.+\.md)$/.exec(run.stdout.trim())?.[1] ?? '';
    assert.match(readFileSync(path, 'utf8'), /^# Health report — /);
    const doctor = coordSync(['doctor', '--json'], { cwd: dir });
    assert.equal(doctor.code, 0, JSON.stringify(doctor.json?.problems));
  });

  it('work add --role, work assign tells the assignee, work next takes assigned items first', () => {
    const lead = startSessionCli(dir, 'lead');
    const dev = startSessionCli(dir, 'dev', ['--role', 'backend']);
    const top = coordSync(['work', 'add', 'urgent', '--priority', '99', '--json'], { cwd: dir, session: lead }).json
      .item;
    const forRole = coordSync(['work', 'add', 'api', '--priority', '10', '--role', 'backend', '--json'], {
      cwd: dir,
      session: lead,
    }).json.item;
    const delegated = coordSync(['work', 'add', 'parser', '--priority', '1', '--json'], { cwd: dir, session: lead })
      .json.item;
    assert.equal(forRole.role, 'backend');
    const assign = coordSync(['work', 'assign', delegated.id, dev], { cwd: dir, session: lead });
    assert.equal(assign.code, 0, assign.stderr);
    assert.match(assign.stdout, new RegExp(`Assigned ${delegated.id} to ${dev} and told them`));
    const list = coordSync(['work', 'list'], { cwd: dir });
    assert.match(list.stdout, new RegExp(`${delegated.id}  parser  \\[ready\\]  \\(for ${dev}\\)`));
    assert.match(list.stdout, /api  \[ready\]  \(role backend\)/);
    const inbox = coordSync(['inbox', '--json'], { cwd: dir, session: dev }).json;
    assert.match(inbox.messages[0].subject, /Work assigned to you: parser/);
    assert.equal(coordSync(['work', 'next', '--json'], { cwd: dir, session: dev }).json.item.id, delegated.id);
    assert.equal(coordSync(['work', 'next', '--json'], { cwd: dir, session: dev }).json.item.id, forRole.id);
    assert.equal(coordSync(['work', 'next', '--json'], { cwd: dir, session: dev }).json.item.id, top.id);
    const refused = coordSync(['work', 'assign', top.id, 'nobody-000000'], { cwd: dir, session: lead });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no session nobody-000000/);
    assert.equal(coordSync(['work', 'assign', top.id], { cwd: dir, session: lead }).code, 2);
  });

  it('work next offers an item tagged for another role last, after untagged work of lower priority', () => {
    const lead = startSessionCli(dir, 'lead');
    const qa = startSessionCli(dir, 'qa', ['--role', 'qa']);
    const add = (args: string[]) =>
      coordSync(['work', 'add', ...args, '--json'], { cwd: dir, session: lead }).json.item;
    const tagged = add(['ui', '--priority', '90', '--role', 'frontend']);
    const untagged = add(['chore', '--priority', '10']);
    const next = () => coordSync(['work', 'next', '--json'], { cwd: dir, session: qa }).json.item.id;
    assert.equal(next(), untagged.id);
    assert.equal(next(), tagged.id, 'and offered once nothing else is left');
  });

  describe('coord watch runs the health loop', () => {
    let server: TestServer;
    const children: ChildProcess[] = [];
    before(async () => (server = await startTestServer()));
    after(() => server.close());
    afterEach(() => {
      for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    });

    function watch(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
      const child = spawn(process.execPath, [cliPath, 'watch', '--health-interval', '1s', ...args], {
        cwd: dir,
        env: { ...process.env, COORD_SYNC: 'off', COORD_SESSION: '' },
      });
      children.push(child);
      let out = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, output: () => out, exited };
    }

    async function until(what: string, check: () => boolean, output: () => string, ms = 45_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    it('two watchers on one checkout: one runs the loop, the other says so and exits 1, or waits with --wait and takes over', async () => {
      writeFileSync(
        join(dir, 'docs/coordination/services.json'),
        JSON.stringify({ object: 'services', version: 1, services: [{ name: 'api', url: `${server.base}/ok` }] }),
      );
      const first = watch([]);
      await until('the first round', () => /health: round \d+ in \d+ ms/.test(first.output()), first.output);
      assert.match(first.output(), /services 1\/1 online/);

      const second = await coord(['watch', '--health-interval', '1s', '--json'], {
        cwd: dir,
        env: { COORD_SYNC: 'off' },
      });
      assert.equal(second.code, 1);
      assert.match(
        second.json.error.message,
        new RegExp(`the health loop already runs for this checkout: pid ${first.child.pid}`),
      );
      assert.match(second.json.error.hint, /--wait/);

      const look = coordSync(['health'], { cwd: dir });
      assert.match(look.stdout, /\(a look only\)/);
      assert.match(look.stdout, new RegExp(`runs in pid ${first.child.pid}`));

      const waiter = watch(['--wait']);
      await until(
        'the waiter to say it waits',
        () => /waiting: the loop runs in pid/.test(waiter.output()),
        waiter.output,
      );
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0);
      assert.match(first.output(), /Stopped after \d+ round/);
      await until('the waiter to take over', () => /health: round \d+ in \d+ ms/.test(waiter.output()), waiter.output);
      waiter.child.kill('SIGINT');
      assert.equal(await waiter.exited, 0);
      assert.equal(
        existsSync(join(dir, 'docs/coordination/.local/locks/health-loop.lock.json')),
        false,
        'the lock is released',
      );
    });
  });
});
