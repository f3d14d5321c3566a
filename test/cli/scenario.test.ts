import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { messageIdTime } from '../../src/core/store/ids';
import { coord, coordSync, startSessionCli } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * One working day of three agents, every step a real `coord` process on a real tree: what an agent loop does,
 * and what `coord status --json` shows of it.
 */
describe('cli scenario: sessions coordinate through real coord processes', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = makeTempDir('coord-scenario-')));
  after(() => cleanup());

  const ids: Record<'alice' | 'bob' | 'carol', string> = { alice: '', bob: '', carol: '' };
  const sent: string[] = [];

  function as(who: keyof typeof ids) {
    return { cwd: dir, session: ids[who] };
  }

  it('initializes the tree and registers three sessions', () => {
    const init = coordSync(['init', '--json'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    assert.ok(existsSync(join(dir, 'docs', 'coordination', 'protocol.json')));
    ids.alice = startSessionCli(dir, 'alice', ['--role', 'backend']);
    ids.bob = startSessionCli(dir, 'bob', ['--role', 'frontend']);
    ids.carol = startSessionCli(dir, 'carol', ['--role', 'reviewer', '--kind', 'human']);
    assert.equal(new Set(Object.values(ids)).size, 3);
  });

  it('each session claims a different item at the same time', async () => {
    const [a, b, c] = await Promise.all([
      coord(['claim', 'issue', '1', '--reason', 'login bug', '--json'], as('alice')),
      coord(['claim', 'issue', '2', '--json'], as('bob')),
      coord(['claim', 'module', 'auth', '--ttl', '45m', '--json'], as('carol')),
    ]);
    for (const run of [a, b, c]) {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.json.outcome, 'acquired');
    }
    assert.equal(c.json.claim.ttl, 45 * 60);
  });

  it("a session cannot take another's live claim and is told who holds it", () => {
    const run = coordSync(['claim', 'issue', '1'], as('bob'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`issue/1 is held by ${ids.alice} until .* \\(login bug\\)`));
    assert.equal(run.stdout, '');
  });

  it('sessions exchange direct and broadcast messages', async () => {
    const direct = coordSync(['send', ids.bob, 'API ready', 'POST /login returns a token', '--json'], as('alice'));
    assert.equal(direct.code, 0, direct.stderr);
    const broadcast = coordSync(
      ['send', 'broadcast', 'review at 3', 'bring your diffs', '--priority', 'high', '--json'],
      as('carol'),
    );
    assert.equal(broadcast.code, 0, broadcast.stderr);
    // The body comes from standard input with "-".
    const reply = coordSync(['send', ids.alice, 're: API ready', '-', '--reply-to', direct.json.message.id, '--json'], {
      ...as('bob'),
      input: 'thanks\nwiring it up now',
    });
    assert.equal(reply.code, 0, reply.stderr);
    assert.equal(reply.json.message.body, 'thanks\nwiring it up now');
    sent.push(direct.json.message.id, broadcast.json.message.id, reply.json.message.id);

    const [bobInbox, aliceInbox, carolInbox] = await Promise.all([
      coord(['inbox', '--json'], as('bob')),
      coord(['inbox', '--json'], as('alice')),
      coord(['inbox', '--json'], as('carol')),
    ]);
    assert.deepEqual(
      bobInbox.json.messages.map((m: any) => [m.from, m.subject]),
      [
        [ids.alice, 'API ready'],
        [ids.carol, 'review at 3'],
      ],
    );
    assert.deepEqual(
      aliceInbox.json.messages.map((m: any) => [m.from, m.subject, m.replyTo ?? null]),
      [
        [ids.carol, 'review at 3', null],
        [ids.bob, 're: API ready', direct.json.message.id],
      ],
    );
    assert.deepEqual(carolInbox.json.messages, [], 'a sender does not get its own broadcast');

    const read = coordSync(['read', direct.json.message.id], as('bob'));
    assert.equal(read.code, 0);
    assert.match(read.stdout, /POST \/login returns a token/);
    assert.equal(coordSync(['inbox', '--unread', '--json'], as('bob')).json.unread, 1);
  });

  it('sessions send heartbeats with phases and progress', async () => {
    const runs = await Promise.all([
      coord(['heartbeat', 'editing', 'src/auth.ts', 'implement', '40', '--json'], as('alice')),
      coord(['heartbeat', 'testing', 'web/login.tsx', 'test', '75%', '--json'], as('bob')),
      coord(['heartbeat', 'reviewing', 'pr-7', 'review', '10', '--json'], as('carol')),
    ]);
    for (const run of runs) assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(runs[0]!.json.renewed, ['issue/1']);
    assert.deepEqual(runs[2]!.json.renewed, ['module/auth']);
  });

  it('coord status --json shows every session, what it does, its claims and the messages', () => {
    const status = coordSync(['status', '--json', '--all'], as('bob'));
    assert.equal(status.code, 0, status.stderr);
    const s = status.json;
    assert.equal(s.ok, true);
    assert.deepEqual(s.sessionCounts, { active: 3, stale: 0, gone: 0, ended: 0 });
    const byName = new Map<string, any>(s.sessions.map((x: any) => [x.name, x]));
    assert.deepEqual(byName.get('alice').heartbeat, {
      action: 'editing',
      target: 'src/auth.ts',
      phase: 'implement',
      progress: 40,
    });
    assert.deepEqual(byName.get('bob').heartbeat, {
      action: 'testing',
      target: 'web/login.tsx',
      phase: 'test',
      progress: 75,
    });
    assert.deepEqual(byName.get('carol').heartbeat, {
      action: 'reviewing',
      target: 'pr-7',
      phase: 'review',
      progress: 10,
    });
    assert.equal(byName.get('carol').kind, 'human');
    assert.equal(byName.get('alice').role, 'backend');
    assert.deepEqual(byName.get('alice').claims, ['issue/1']);
    assert.deepEqual(byName.get('bob').claims, ['issue/2']);
    assert.deepEqual(byName.get('carol').claims, ['module/auth']);
    for (const session of s.sessions) {
      assert.equal(session.state, 'active');
      assert.equal(session.beats, 1);
    }
    assert.deepEqual(
      s.claims.map((c: any) => [`${c.type}/${c.name}`, c.holder, c.free]),
      [
        ['issue/1', ids.alice, false],
        ['issue/2', ids.bob, false],
        ['module/auth', ids.carol, false],
      ],
    );
    const startOfDay = new Date(s.now);
    startOfDay.setUTCHours(0, 0, 0, 0);
    assert.deepEqual(s.messages, {
      total: 3,
      today: sent.filter((id) => messageIdTime(id) >= startOfDay.getTime()).length,
    });
    assert.deepEqual(s.self, { id: ids.bob, inbox: { direct: 1, broadcast: 1, unread: 1 } });
    assert.deepEqual(s.diagnostics, []);

    const text = coordSync(['status'], as('bob'));
    assert.match(text.stdout, /Sessions: 3 active, 0 stale, 0 gone, 0 ended/);
    assert.match(
      text.stdout,
      new RegExp(
        `● ${ids.alice}  alice  active, agent, backend  beat \\d+s ago  editing · src/auth.ts · implement · 40%  claims: issue/1`,
      ),
    );
  });

  it('a session that stops frees its claims, and another session can take them', () => {
    const stop = coordSync(['stop', '--json'], as('alice'));
    assert.equal(stop.code, 0, stop.stderr);
    assert.deepEqual(stop.json.released, ['issue/1']);
    assert.ok(stop.json.session.endedAt);

    const status = coordSync(['status', '--json'], { cwd: dir }).json;
    assert.deepEqual(status.sessionCounts, { active: 2, stale: 0, gone: 0, ended: 1 });
    assert.equal(status.sessions.find((x: any) => x.id === ids.alice).state, 'ended');
    assert.deepEqual(
      status.claims.map((c: any) => `${c.type}/${c.name}`),
      ['issue/2', 'module/auth'],
    );

    const take = coordSync(['claim', 'issue', '1', '--json'], as('bob'));
    assert.equal(take.code, 0, take.stderr);
    assert.equal(take.json.outcome, 'acquired');
    assert.equal(take.json.claim.holder, ids.bob);
  });

  it('an ended session is told so, and nobody can message it', () => {
    const send = coordSync(['send', ids.alice, 'still there?', 'hello'], as('carol'));
    assert.equal(send.code, 1);
    assert.match(send.stderr, new RegExp(`session ${ids.alice} is ended`));
    const beat = coordSync(['heartbeat'], as('alice'));
    assert.equal(beat.code, 1);
    assert.match(beat.stderr, /ended at/);
  });

  it('the work queue hands each session a different item and marks them done', async () => {
    const add = (title: string, priority: string) =>
      coordSync(['work', 'add', title, '--priority', priority, '--json'], as('carol')).json.item.id as string;
    const first = add('first', '80');
    const second = add('second', '60');
    const [b, c] = await Promise.all([
      coord(['work', 'next', '--json'], as('bob')),
      coord(['work', 'next', '--json'], as('carol')),
    ]);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual([b.json.item.id, c.json.item.id].sort(), [first, second].sort());
    const notMine = coordSync(['work', 'done', c.json.item.id], as('bob'));
    assert.equal(notMine.code, 1);
    assert.match(notMine.stderr, new RegExp(`claimed by ${ids.carol}`));
    assert.equal(coordSync(['work', 'done', b.json.item.id], as('bob')).code, 0);
    assert.equal(coordSync(['work', 'done', c.json.item.id], as('carol')).code, 0);
    const status = coordSync(['status', '--json'], { cwd: dir }).json;
    assert.deepEqual(status.work, { ready: 0, claimed: 0, blocked: 0, done: 2 });
  });

  it('leaves a tree doctor finds sound', () => {
    const doctor = coordSync(['doctor', '--json'], { cwd: dir });
    assert.equal(doctor.code, 0, doctor.stdout);
    assert.deepEqual(doctor.json.problems, []);
  });
});
