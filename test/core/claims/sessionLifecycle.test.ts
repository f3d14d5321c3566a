import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { findClaim, takeClaim } from '../../../src/core/claims/claims';
import { CoordError } from '../../../src/core/store/errors';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { inbox, sendMessage } from '../../../src/core/messages/messages';
import { findSession, sessionLiveness, startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('lifecycle', () => {
  let tree: TempTree;
  let alice: string;
  let bob: string;
  beforeEach(() => {
    tree = makeTempTree();
    alice = startSession(tree.ctx, { name: 'alice' }).id;
    bob = startSession(tree.ctx, { name: 'bob' }).id;
  });
  afterEach(() => tree.cleanup());

  describe('heartbeat', () => {
    it('records the beat and renews every claim of the session, and only those', () => {
      takeClaim(tree.ctx, alice, 'issue', '1', { ttlSeconds: 60 });
      takeClaim(tree.ctx, alice, 'module', 'auth', { ttlSeconds: 60 });
      takeClaim(tree.ctx, bob, 'issue', '2', { ttlSeconds: 60 });
      tree.clock.advance(45_000);
      const result = heartbeat(tree.ctx, alice, { action: 'editing', phase: 'test', progress: 80 });
      assert.equal(result.session.beats, 1);
      assert.deepEqual(result.session.heartbeat, { action: 'editing', phase: 'test', progress: 80 });
      assert.deepEqual(result.renewed.map((c) => `${c.type}/${c.name}`).sort(), ['issue/1', 'module/auth']);
      tree.clock.advance(45_000);
      assert.equal(findClaim(tree.ctx, 'issue', '1')?.expired, false, 'renewed by the heartbeat');
      assert.equal(findClaim(tree.ctx, 'issue', '2')?.expired, true, "not renewed: another session's");
    });

    it('keeps a session active and its claims held as long as it beats', () => {
      takeClaim(tree.ctx, alice, 'issue', '1', { ttlSeconds: 90 });
      for (let i = 0; i < 20; i++) {
        tree.clock.advance(60_000);
        heartbeat(tree.ctx, alice, {});
      }
      assert.equal(sessionLiveness(tree.ctx, alice), 'active');
      assert.throws(
        () => takeClaim(tree.ctx, bob, 'issue', '1'),
        (e: unknown) => e instanceof CoordError && e.code === 'refused',
      );
    });

    it('refuses an unknown session', () => {
      assert.throws(
        () => heartbeat(tree.ctx, 'ghost-000000', {}),
        (e: unknown) => e instanceof CoordError && e.code === 'refused',
      );
    });
  });

  describe('stopSession', () => {
    it("releases the session's claims, marks it ended and keeps its messages", () => {
      takeClaim(tree.ctx, alice, 'issue', '1');
      takeClaim(tree.ctx, bob, 'issue', '2');
      const sent = sendMessage(tree.ctx, alice, bob, 'bye', 'done for today');
      sendMessage(tree.ctx, bob, alice, 'hi', '');
      tree.clock.advance(1000);
      const result = stopSession(tree.ctx, alice);
      assert.deepEqual(
        result.released.map((c) => `${c.type}/${c.name}`),
        ['issue/1'],
      );
      assert.equal(result.session.endedAt, '2026-11-21T12:00:01.000Z');
      assert.equal(findSession(tree.ctx, alice)?.endedAt, '2026-11-21T12:00:01.000Z');
      assert.equal(sessionLiveness(tree.ctx, alice), 'ended');
      assert.equal(existsSync(tree.ctx.layout.claimFile('issue', '1')), false);
      assert.equal(existsSync(tree.ctx.layout.claimFile('issue', '2')), true);
      assert.deepEqual(
        inbox(tree.ctx, bob).map((e) => e.message.id),
        [sent.id],
      );
      assert.equal(readdirCount(tree.ctx.layout.inboxDir(alice)), 1);
      assert.equal(takeClaim(tree.ctx, bob, 'issue', '1').outcome, 'acquired');
    });

    it('cannot stop twice', () => {
      stopSession(tree.ctx, alice);
      assert.throws(
        () => stopSession(tree.ctx, alice),
        (e: unknown) => e instanceof CoordError && e.code === 'refused' && /ended/.test(e.message),
      );
    });
  });
});

function readdirCount(dir: string): number {
  return readdirSync(dir).length;
}
