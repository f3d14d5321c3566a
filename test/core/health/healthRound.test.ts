import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { findClaim, takeClaim } from '../../../src/core/claims/claims';
import { CoordError } from '../../../src/core/store/errors';
import { healthStatePath, lastRoundPath } from '../../../src/core/health/healthState';
import { runHealthRound } from '../../../src/core/health/healthRound';
import { heartbeat } from '../../../src/core/claims/sessionLifecycle';
import { inbox, sendMessage } from '../../../src/core/messages/messages';
import { runDoctor } from '../../../src/core/views/doctor';
import { startSession } from '../../../src/core/sessions/sessions';
import { addWork, listWork } from '../../../src/core/work/work';
import { closedPort, startTestServer, type TestServer } from '../../helpers/httpServers';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('health round', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree({ config: { heartbeatIntervalSeconds: 60, goneAfterSeconds: 900 } })));
  afterEach(() => tree.cleanup());
  const round = (extra: Partial<Parameters<typeof runHealthRound>[1]> = {}) =>
    runHealthRound(tree.ctx, { trusted: true, ...extra });

  it('turns liveness changes into events, one each, across rounds with a controlled clock', async () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const b = startSession(tree.ctx, { name: 'b' }).id;
    assert.deepEqual(
      (await round()).findings.filter((f) => f.kind === 'liveness'),
      [],
      'the first round is a baseline',
    );
    tree.clock.advance(121_000);
    heartbeat(tree.ctx, b, {});
    const second = await round();
    assert.deepEqual(
      second.findings.filter((f) => f.kind === 'liveness').map((f) => f.text),
      [`${a} is stale (no heartbeat since 2026-11-21T12:00:00.000Z)`],
    );
    assert.equal(second.round, 2);
    assert.deepEqual(
      (await round()).findings.filter((f) => f.kind === 'liveness'),
      [],
      'no change, no event',
    );
    tree.clock.advance(60_000);
    heartbeat(tree.ctx, a, {});
    heartbeat(tree.ctx, b, {});
    assert.deepEqual(
      (await round()).findings.filter((f) => f.kind === 'liveness').map((f) => f.text),
      [`${a} is active again (was stale)`],
    );
  });

  it('retires a gone session: its claims are freed through the CAS path and messages to it bounce with the reason', async () => {
    const lead = startSession(tree.ctx, { name: 'lead' }).id;
    const worker = startSession(tree.ctx, { name: 'worker' }).id;
    const item = addWork(tree.ctx, 'parser');
    takeClaim(tree.ctx, worker, 'work', item.id, { ttlSeconds: 7200 });
    takeClaim(tree.ctx, worker, 'file', 'src-parser.ts', { ttlSeconds: 7200 });
    await round();
    tree.clock.advance(16 * 60_000);
    heartbeat(tree.ctx, lead, {});
    const result = await round();
    const texts = result.findings.map((f) => f.text);
    assert.ok(
      texts.includes(
        `${worker} is gone (no heartbeat since 2026-11-21T12:00:00.000Z) and retired; its claims are free again: file/src-parser.ts, work/${item.id}; messages to it are refused`,
      ),
      texts.join('\n'),
    );
    assert.ok(texts.includes(`claim work/${item.id} of ${worker} freed: its holder ${worker} is gone`));
    assert.equal(result.claims.freed, 2);
    assert.equal(findClaim(tree.ctx, 'work', item.id), undefined);
    assert.equal(listWork(tree.ctx).find((w) => w.item.id === item.id)?.state, 'ready', 'its work is ready again');
    assert.throws(
      () => sendMessage(tree.ctx, lead, worker, 'still there?', 'hello'),
      (e: unknown) =>
        e instanceof CoordError &&
        e.code === 'refused' &&
        /session worker-\w+ is gone: no heartbeat for 16m \(a session is retired after 15m without one; its claims are free\); it would never read the message/.test(
          e.message,
        ),
    );
  });

  it('frees expired leases of live sessions, each an event', async () => {
    const s = startSession(tree.ctx, { name: 's' }).id;
    takeClaim(tree.ctx, s, 'issue', '1', { ttlSeconds: 30 });
    takeClaim(tree.ctx, s, 'issue', '2', { ttlSeconds: 30 });
    takeClaim(tree.ctx, s, 'issue', '3', { ttlSeconds: 3600 });
    tree.clock.advance(31_000);
    const result = await round();
    assert.deepEqual(
      result.findings.filter((f) => f.kind === 'claim-freed').map((f) => f.text),
      [
        `claim issue/1 of ${s} freed: its lease ran out at 2026-11-21T12:00:30.000Z`,
        `claim issue/2 of ${s} freed: its lease ran out at 2026-11-21T12:00:30.000Z`,
      ],
    );
    assert.ok(findClaim(tree.ctx, 'issue', '3'));
  });

  it('names duplicate work and idle sessions with the work that waits for them', async () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const b = startSession(tree.ctx, { name: 'b' }).id;
    const idle = startSession(tree.ctx, { name: 'idle', role: 'qa' }).id;
    heartbeat(tree.ctx, a, { action: 'editing', target: 'src/x.ts' });
    heartbeat(tree.ctx, b, { action: 'editing', target: 'src/x.ts' });
    const item = addWork(tree.ctx, 'write tests', { role: 'qa', priority: 40 });
    const result = await round();
    assert.deepEqual(
      result.duplicates.map((d) => d.sessions),
      [[a, b].sort()],
    );
    assert.deepEqual(result.idle, [
      { session: idle, role: 'qa', item: { id: item.id, title: 'write tests', priority: 40, rank: 1 } },
    ]);
    assert.ok(
      result.findings.some(
        (f) => f.kind === 'idle' && f.text.startsWith(`${idle} is idle; top ready item for it: ${item.id}`),
      ),
    );
  });

  describe('services', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer()));
    after(() => server.close());

    async function writeServices(): Promise<void> {
      const port = await closedPort();
      writeFileSync(
        tree.ctx.layout.servicesFile,
        JSON.stringify({
          object: 'services',
          version: 1,
          services: [
            { name: 'healthy', url: `${server.base}/ok` },
            { name: 'slow', url: `${server.base}/slow/120`, degradedAboveMs: 40 },
            { name: 'failing', url: `${server.base}/fail` },
            { name: 'hanging', url: `${server.base}/hang`, timeoutMs: 150 },
            { name: 'closed', url: `http://127.0.0.1:${port}/` },
          ],
        }),
      );
    }

    it('checks each service when trusted: the right state each, with a short history in .local', async () => {
      await writeServices();
      const result = await round();
      assert.equal(result.services.checked, true);
      assert.deepEqual(
        result.services.results.map((r) => [r.name, r.state]),
        [
          ['healthy', 'online'],
          ['slow', 'degraded'],
          ['failing', 'error'],
          ['hanging', 'timeout'],
          ['closed', 'offline'],
        ],
      );
      await round();
      const stored = JSON.parse(readFileSync(healthStatePath(tree.ctx.layout), 'utf8'));
      assert.equal(stored.serviceHistory.healthy.length, 2);
      assert.deepEqual(
        result.findings
          .filter((f) => f.kind === 'service')
          .map((f) => f.key)
          .sort(),
        ['service:closed:offline', 'service:failing:error', 'service:hanging:timeout', 'service:slow:degraded'],
      );
    });

    it('untrusted: not one request reaches a server, and the round says why', async () => {
      await writeServices();
      const before = server.requests();
      const result = await round({ trusted: false });
      assert.equal(server.requests(), before);
      assert.equal(result.services.checked, false);
      assert.equal(result.services.configured, 5);
      assert.deepEqual(result.services.results, []);
      assert.match(result.services.reason ?? '', /not trusted/);
    });
  });

  it('milestones: progress, a completed milestone is an event, malformed lines are findings (not fatal)', async () => {
    const file = `${tree.ctx.layout.milestonesDir}/beta.md`;
    writeFileSync(file, '# Beta\n- [x] one\n- [ ] two\n- [] broken\n');
    const first = await round();
    assert.deepEqual([first.milestones.done, first.milestones.total], [1, 2]);
    assert.deepEqual(
      first.findings.filter((f) => f.kind === 'problem').map((f) => f.text),
      ['milestones/beta.md:4: "- [] broken" is not a checklist item; write "- [ ] what" or "- [x] what"'],
    );
    writeFileSync(file, '# Beta\n- [x] one\n- [x] two\n');
    const second = await round();
    assert.deepEqual(
      second.findings.filter((f) => f.kind === 'milestone').map((f) => f.text),
      ['milestone Beta is complete (2/2)'],
    );
    assert.deepEqual(
      (await round()).findings.filter((f) => f.kind === 'milestone'),
      [],
    );
  });

  it('broadcasts new findings once, as the given session, when asked to', async () => {
    const a = startSession(tree.ctx, { name: 'a' }).id;
    const b = startSession(tree.ctx, { name: 'b' }).id;
    heartbeat(tree.ctx, a, { action: 'editing', target: 'src/x.ts' });
    heartbeat(tree.ctx, b, { action: 'editing', target: 'src/x.ts' });
    const options = {
      broadcastAs: a,
      broadcastOptions: { minIntervalMs: 0, maxPerMessage: 20, maxPending: 50, rememberMs: 86_400_000 },
    };
    const first = await round(options);
    assert.ok(first.broadcast && 'messageId' in first.broadcast);
    const second = await round(options);
    assert.equal(second.broadcast, undefined, 'the same finding is said once');
    const broadcasts = inbox(tree.ctx, b).filter((e) => e.message.to === 'broadcast');
    assert.equal(broadcasts.length, 1);
    assert.match(broadcasts[0]?.message.subject ?? '', /^Health: 2 sessions work on the same target src\/x\.ts/);
    assert.equal((await round()).broadcast, undefined, 'no broadcast unless asked');
  });

  it('writes a report every N rounds and STATUS.md when it changed; doctor accepts both', async () => {
    startSession(tree.ctx, { name: 'a' });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await round({ reportEveryRounds: 3 }));
    assert.deepEqual(
      results.map((r) => r.report !== undefined),
      [false, false, true, false, false, true],
    );
    assert.deepEqual(
      readdirSync(tree.ctx.layout.reportsDir).sort(),
      ['2026-11-21-120000-2.md', '2026-11-21-120000.md'],
      'two reports in one second never overwrite each other',
    );
    assert.deepEqual(
      results.map((r) => r.statusBoard),
      ['written', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged'],
    );
    assert.ok(existsSync(tree.ctx.layout.statusFile));
    assert.deepEqual(runDoctor(tree.ctx).problems, []);
  });

  it('a look without recording changes nothing on disk', async () => {
    const s = startSession(tree.ctx, { name: 's' }).id;
    takeClaim(tree.ctx, s, 'issue', '1', { ttlSeconds: 30 });
    tree.clock.advance(31_000);
    const result = await round({ record: false });
    assert.equal(result.recorded, false);
    assert.equal(result.claims.freed, 0);
    assert.ok(findClaim(tree.ctx, 'issue', '1'));
    assert.equal(existsSync(healthStatePath(tree.ctx.layout)), false);
    assert.equal(existsSync(lastRoundPath(tree.ctx.layout)), false);
    assert.equal(existsSync(tree.ctx.layout.statusFile), false);
  });

  it('a broken state file or services.json is reported, and the round goes on', async () => {
    mkdirSync(`${tree.ctx.layout.localDir}/health`, { recursive: true });
    writeFileSync(healthStatePath(tree.ctx.layout), '{ not json');
    writeFileSync(tree.ctx.layout.servicesFile, '[]');
    const result = await round();
    assert.ok(result.diagnostics.some((d) => /starting afresh/.test(d.reason)));
    assert.ok(result.findings.some((f) => f.kind === 'problem' && f.text.startsWith('services.json: ')));
    assert.equal(JSON.parse(readFileSync(healthStatePath(tree.ctx.layout), 'utf8')).round, 1);
  });
});
