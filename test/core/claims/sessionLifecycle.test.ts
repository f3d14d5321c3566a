import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { findClaim, takeClaim } from '../../../src/core/claims/claims';
import { CoordError } from '../../../src/core/store/errors';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { inbox, sendMessage } from '../../../src/core/messages/messages';
import { findSession, sessionLiveness } from '../../../src/core/sessions/sessions';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('lifecycle', () => {
  const s = withAliceAndBob();

  describe('heartbeat', () => {
    it('records the beat and renews every claim of the session, and only those', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1', { ttlSeconds: 60 });
      takeClaim(s.tree.ctx, s.alice, 'module', 'auth', { ttlSeconds: 60 });
      takeClaim(s.tree.ctx, s.bob, 'issue', '2', { ttlSeconds: 60 });
      s.tree.clock.advance(45_000);
      const result = heartbeat(s.tree.ctx, s.alice, { action: 'editing', phase: 'test', progress: 80 });
      assert.equal(result.session.beats, 1);
      assert.deepEqual(result.session.heartbeat, { action: 'editing', phase: 'test', progress: 80 });
      assert.deepEqual(result.renewed.map((c) => `${c.type}/${c.name}`).sort(), ['issue/1', 'module/auth']);
      s.tree.clock.advance(45_000);
      assert.equal(findClaim(s.tree.ctx, 'issue', '1')?.expired, false, 'renewed by the heartbeat');
      assert.equal(findClaim(s.tree.ctx, 'issue', '2')?.expired, true, "not renewed: another session's");
    });

    it('keeps a session active and its claims held as long as it beats', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1', { ttlSeconds: 90 });
      for (let i = 0; i < 20; i++) {
        s.tree.clock.advance(60_000);
        heartbeat(s.tree.ctx, s.alice, {});
      }
      assert.equal(sessionLiveness(s.tree.ctx, s.alice), 'active');
      assert.throws(
        () => takeClaim(s.tree.ctx, s.bob, 'issue', '1'),
        (e: unknown) => e instanceof CoordError && e.code === 'refused',
      );
    });

    it('refuses an unknown session', () => {
      assert.throws(
        () => heartbeat(s.tree.ctx, 'ghost-000000', {}),
        (e: unknown) => e instanceof CoordError && e.code === 'refused',
      );
    });
  });

  describe('stopSession', () => {
    it("releases the session's claims, marks it ended and keeps its messages", () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1');
      takeClaim(s.tree.ctx, s.bob, 'issue', '2');
      const sent = sendMessage(s.tree.ctx, s.alice, s.bob, 'bye', 'done for today');
      sendMessage(s.tree.ctx, s.bob, s.alice, 'hi', '');
      s.tree.clock.advance(1000);
      const result = stopSession(s.tree.ctx, s.alice);
      assert.deepEqual(
        result.released.map((c) => `${c.type}/${c.name}`),
        ['issue/1'],
      );
      assert.equal(result.session.endedAt, '2026-11-21T12:00:01.000Z');
      assert.equal(findSession(s.tree.ctx, s.alice)?.endedAt, '2026-11-21T12:00:01.000Z');
      assert.equal(sessionLiveness(s.tree.ctx, s.alice), 'ended');
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '1')), false);
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '2')), true);
      assert.deepEqual(
        inbox(s.tree.ctx, s.bob).map((e) => e.message.id),
        [sent.id],
      );
      assert.equal(readdirCount(s.tree.ctx.layout.inboxDir(s.alice)), 1);
      assert.equal(takeClaim(s.tree.ctx, s.bob, 'issue', '1').outcome, 'acquired');
    });

    it('cannot stop twice', () => {
      stopSession(s.tree.ctx, s.alice);
      assert.throws(
        () => stopSession(s.tree.ctx, s.alice),
        (e: unknown) => e instanceof CoordError && e.code === 'refused' && /ended/.test(e.message),
      );
    });
  });
});

function readdirCount(dir: string): number {
  return readdirSync(dir).length;
}
