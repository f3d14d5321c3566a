import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { sessionSchema } from '../../../src/core/records/session';
import {
  findSession,
  isSessionAlive,
  listSessions,
  markEnded,
  recordHeartbeat,
  requireOwnSession,
  sessionLiveness,
  startSession,
  validSessionId,
} from '../../../src/core/sessions/sessions';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { coordError } from '../../helpers/coordError';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('sessions', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  describe('startSession', () => {
    it('writes a valid session file named after a fresh id', () => {
      const session = startSession(tree.ctx, { name: 'Backend Builder', role: 'backend', kind: 'agent' });
      assert.match(session.id, /^backend-builder-[0-9a-z]{6}$/);
      assert.equal(session.name, 'Backend Builder');
      assert.equal(session.role, 'backend');
      assert.equal(session.beats, 0);
      assert.equal(session.startedAt, '2026-11-21T12:00:00.000Z');
      assert.equal(session.heartbeatAt, session.startedAt);
      assert.equal(session.pid, process.pid);
      const onDisk = JSON.parse(readFileSync(tree.ctx.layout.sessionFile(session.id), 'utf8'));
      assert.deepEqual(onDisk, session);
      assert.ok(sessionSchema.safeParse(onDisk).success);
    });

    it('gives two sessions of one name different ids and files', () => {
      const a = startSession(tree.ctx, { name: 'agent' });
      const b = startSession(tree.ctx, { name: 'agent' });
      assert.notEqual(a.id, b.id);
      assert.deepEqual(readdirSync(tree.ctx.layout.sessionsDir).sort(), [`${a.id}.json`, `${b.id}.json`].sort());
    });

    it('names an agent "agent" by default and leaves out an empty role', () => {
      const session = startSession(tree.ctx);
      assert.equal(session.name, 'agent');
      assert.equal(session.kind, 'agent');
      assert.equal('role' in session, false);
    });

    it('refuses an empty name, a name with control characters, or a too long role', () => {
      assert.throws(() => startSession(tree.ctx, { name: '   ' }), coordError('usage', /empty/));
      assert.throws(() => startSession(tree.ctx, { name: 'evil\u001b[2J' }), coordError('usage'));
      assert.throws(() => startSession(tree.ctx, { name: 'ok', role: 'r'.repeat(101) }), coordError('usage'));
      assert.deepEqual(readdirSync(tree.ctx.layout.sessionsDir), []);
    });
  });

  describe('findSession and requireOwnSession', () => {
    it('finds a registered session and returns undefined for an unknown one', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      assert.equal(findSession(tree.ctx, s.id)?.id, s.id);
      assert.equal(findSession(tree.ctx, 'nobody-000000'), undefined);
    });

    it('reports a broken session file as a bad tree naming the file', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      const path = tree.ctx.layout.sessionFile(s.id);
      writeFileSync(path, '{');
      assert.throws(
        () => findSession(tree.ctx, s.id),
        (e: unknown) => coordError('bad-tree')(e) && (e as Error).message.includes(path),
      );
    });

    it('refuses an unknown or ended session as the caller', () => {
      assert.throws(() => requireOwnSession(tree.ctx, 'ghost-000000'), coordError('refused', /not registered/));
      const s = startSession(tree.ctx, { name: 'a' });
      assert.equal(requireOwnSession(tree.ctx, s.id).id, s.id);
      markEnded(tree.ctx, s);
      assert.throws(
        () => requireOwnSession(tree.ctx, s.id),
        coordError('refused', /ended at 2026-11-21T12:00:00.000Z/),
      );
    });

    it('refuses an id that is not a slug before touching the file system', () => {
      assert.throws(() => findSession(tree.ctx, '../../etc/passwd'), coordError('usage'));
      assert.throws(() => validSessionId('A B'), coordError('usage'));
      assert.equal(validSessionId('a-b'), 'a-b');
    });
  });

  describe('recordHeartbeat', () => {
    it('updates the beat time, the count and what the session does', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      tree.clock.advance(30_000);
      const next = recordHeartbeat(tree.ctx, s.id, {
        action: 'editing',
        target: 'src/a.ts',
        phase: 'implement',
        progress: 40,
      });
      assert.equal(next.beats, 1);
      assert.equal(next.heartbeatAt, '2026-11-21T12:00:30.000Z');
      assert.equal(next.startedAt, s.startedAt);
      assert.deepEqual(next.heartbeat, { action: 'editing', target: 'src/a.ts', phase: 'implement', progress: 40 });
      assert.deepEqual(findSession(tree.ctx, s.id), next);
    });

    it('replaces the previous beat description and drops undefined fields', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      recordHeartbeat(tree.ctx, s.id, { action: 'editing', progress: 10 });
      const next = recordHeartbeat(tree.ctx, s.id, { phase: 'test', action: undefined });
      assert.deepEqual(next.heartbeat, { phase: 'test' });
      assert.equal(next.beats, 2);
      assert.ok(!readFileSync(tree.ctx.layout.sessionFile(s.id), 'utf8').includes('"action"'));
    });

    it('refuses an invalid beat and leaves the file as it was', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      const before = readFileSync(tree.ctx.layout.sessionFile(s.id), 'utf8');
      assert.throws(() => recordHeartbeat(tree.ctx, s.id, { progress: 101 }), coordError('usage'));
      assert.throws(() => recordHeartbeat(tree.ctx, s.id, { target: 'line\nbreak' }), coordError('usage'));
      assert.equal(readFileSync(tree.ctx.layout.sessionFile(s.id), 'utf8'), before);
    });

    it('revives a stale session', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      tree.clock.advance(121_000);
      assert.equal(sessionLiveness(tree.ctx, s.id), 'stale');
      recordHeartbeat(tree.ctx, s.id, {});
      assert.equal(sessionLiveness(tree.ctx, s.id), 'active');
    });

    it('refuses a heartbeat of an ended session', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      markEnded(tree.ctx, s);
      assert.throws(() => recordHeartbeat(tree.ctx, s.id, {}), coordError('refused'));
    });
  });

  describe('listSessions and liveness', () => {
    it('lists sessions with their liveness and heartbeat age', () => {
      const a = startSession(tree.ctx, { name: 'a' });
      tree.clock.advance(200_000);
      const b = startSession(tree.ctx, { name: 'b' });
      const c = startSession(tree.ctx, { name: 'c' });
      markEnded(tree.ctx, c);
      const views = new Map(listSessions(tree.ctx).map((v) => [v.session.id, v]));
      assert.equal(views.size, 3);
      assert.equal(views.get(a.id)?.state, 'stale');
      assert.equal(views.get(a.id)?.heartbeatAgeMs, 200_000);
      assert.equal(views.get(b.id)?.state, 'active');
      assert.equal(views.get(c.id)?.state, 'ended');
    });

    it('sees a session go stale after 2x the interval and gone after goneAfterSeconds', () => {
      const s = startSession(tree.ctx, { name: 'a' });
      tree.clock.advance(120_000);
      assert.equal(sessionLiveness(tree.ctx, s.id), 'active');
      tree.clock.advance(1);
      assert.equal(sessionLiveness(tree.ctx, s.id), 'stale');
      assert.equal(isSessionAlive(tree.ctx, s.id), true);
      tree.clock.advance(900_000);
      assert.equal(sessionLiveness(tree.ctx, s.id), 'gone');
      assert.equal(isSessionAlive(tree.ctx, s.id), false);
      assert.equal(sessionLiveness(tree.ctx, 'unknown-000000'), undefined);
      assert.equal(isSessionAlive(tree.ctx, 'unknown-000000'), false);
    });

    it('skips and reports a session file whose id does not match its name', () => {
      const a = startSession(tree.ctx, { name: 'a' });
      const impostor = tree.ctx.layout.sessionFile('impostor');
      writeFileSync(impostor, readFileSync(tree.ctx.layout.sessionFile(a.id)));
      const broken = tree.ctx.layout.sessionFile('broken');
      writeFileSync(broken, 'not json');
      const sink = new DiagnosticSink();
      assert.deepEqual(
        listSessions(tree.ctx, sink).map((v) => v.session.id),
        [a.id],
      );
      const paths = sink.items.map((d) => d.path).sort();
      assert.deepEqual(paths, [broken, impostor].sort());
      assert.match(
        sink.items.find((d) => d.path === impostor)?.reason ?? '',
        /holds session ".*" but is named impostor\.json/,
      );
    });
  });
});
