import * as assert from 'node:assert/strict';
import {
  ActivityClock,
  activityFromChanges,
  activityFromRecords,
  newestFirst,
  type ActivityEvent,
} from '../../../src/core/views/activity';
import { releaseClaim, renewClaim, takeClaim } from '../../../src/core/claims/claims';
import { stopSession } from '../../../src/core/claims/sessionLifecycle';
import { sendMessage } from '../../../src/core/messages/messages';
import { startSession } from '../../../src/core/sessions/sessions';
import { TreeCache } from '../../../src/core/views/treeCache';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

/** Compact form for assertions: kind, session, and the claim or recipient when there is one. */
const brief = (events: ActivityEvent[]) =>
  events.map((e) => [e.kind, e.session, e.claim ?? e.to ?? ''].join(' ').trim());

describe('activity', () => {
  let t: TempTree;
  let cache: TreeCache;
  beforeEach(() => {
    t = makeTempTree({ config: { heartbeatIntervalSeconds: 60, goneAfterSeconds: 900 } });
  });
  afterEach(() => t.cleanup());

  /** What the cache reports for these files, as the watcher would hand them over. */
  const changes = (...paths: string[]) => activityFromChanges(cache.applyChanges(paths), t.clock.now());

  describe('activityFromChanges, on real files through the tree cache', () => {
    it('tells joined, claimed, renewed, released, message sent and left', () => {
      const me = startSession(t.ctx, { name: 'me' }).id;
      cache = new TreeCache(t.ctx, me);
      cache.loadAll();
      const agent = startSession(t.ctx, { name: 'agent' }).id;
      assert.deepEqual(brief(changes(t.ctx.layout.sessionFile(agent))), [`joined ${agent}`]);

      takeClaim(t.ctx, agent, 'issue', '7');
      const claimFile = t.ctx.layout.claimFile('issue', '7');
      assert.deepEqual(brief(changes(claimFile)), [`claimed ${agent} issue/7`]);

      t.clock.advance(5000);
      renewClaim(t.ctx, agent, 'issue', '7');
      const renewed = changes(claimFile);
      assert.deepEqual(brief(renewed), [`renewed ${agent} issue/7`]);
      assert.equal(renewed[0]?.at, t.clock.now(), 'a renewal is placed at renewedAt');

      const m = sendMessage(t.ctx, agent, me, 'ready', 'done');
      const sent = changes(t.ctx.layout.messageFile(me, m.id));
      assert.deepEqual(brief(sent), [`messageSent ${agent} ${me}`]);
      assert.equal(sent[0]?.subject, 'ready');
      assert.equal(sent[0]?.messageId, m.id);

      releaseClaim(t.ctx, agent, 'issue', '7');
      assert.deepEqual(brief(changes(claimFile)), [`released ${agent} issue/7`]);

      stopSession(t.ctx, agent);
      assert.deepEqual(brief(changes(t.ctx.layout.sessionFile(agent))), [`left ${agent}`]);
    });

    it('tells a takeover of an expired claim, with the previous holder', () => {
      const me = startSession(t.ctx, { name: 'me' }).id;
      const old = startSession(t.ctx, { name: 'old' }).id;
      takeClaim(t.ctx, old, 'module', 'auth', { ttlSeconds: 60 });
      cache = new TreeCache(t.ctx, me);
      cache.loadAll();
      t.clock.advance(61_000);
      takeClaim(t.ctx, me, 'module', 'auth');
      const events = changes(t.ctx.layout.claimFile('module', 'auth'));
      assert.deepEqual(brief(events), [`takenOver ${me} module/auth`]);
      assert.equal(events[0]?.previousHolder, old);
    });

    it('says nothing about read marks, work items or a heartbeat', () => {
      const me = startSession(t.ctx, { name: 'me' }).id;
      cache = new TreeCache(t.ctx, me);
      cache.loadAll();
      assert.deepEqual(
        activityFromChanges(
          [
            { kind: 'read', id: 'x' },
            { kind: 'work', id: 'w' },
          ],
          0,
        ),
        [],
      );
      t.clock.advance(1000);
      const session = cache.snapshot().sessions[0]!.session;
      const beat = { ...session, heartbeatAt: new Date(t.clock.now()).toISOString(), beats: 1 };
      assert.deepEqual(
        activityFromChanges([{ kind: 'session', id: me, before: session, after: beat }], t.clock.now()),
        [],
      );
    });
  });

  describe('ActivityClock', () => {
    it('reports going stale, then gone, and a lease running out — each once', () => {
      const me = startSession(t.ctx, { name: 'me' }).id;
      const agent = startSession(t.ctx, { name: 'agent' }).id;
      takeClaim(t.ctx, agent, 'issue', '1', { ttlSeconds: 300 });
      cache = new TreeCache(t.ctx, me);
      const clock = new ActivityClock();
      const look = () => {
        const snap = cache.snapshot();
        return brief(clock.observe(snap.sessions, snap.claims, snap.now));
      };
      assert.deepEqual(look(), [], 'the first look only takes note');
      t.clock.advance(121_000);
      assert.deepEqual(look().sort(), [`stale ${agent}`, `stale ${me}`]);
      assert.deepEqual(look(), [], 'reported once');
      t.clock.advance(180_000);
      assert.deepEqual(look(), [`expired ${agent} issue/1`]);
      t.clock.advance(600_000);
      assert.deepEqual(look().sort(), [`gone ${agent}`, `gone ${me}`]);
      assert.deepEqual(look(), []);
    });
  });

  describe('activityFromRecords', () => {
    it('tells the history the records imply, newest first, within the limit', () => {
      const me = startSession(t.ctx, { name: 'me' }).id;
      t.clock.advance(1000);
      const agent = startSession(t.ctx, { name: 'agent' }).id;
      t.clock.advance(1000);
      takeClaim(t.ctx, agent, 'issue', '1', { ttlSeconds: 60 });
      t.clock.advance(1000);
      sendMessage(t.ctx, agent, 'broadcast', 'hello', 'all');
      t.clock.advance(1000);
      stopSession(t.ctx, me);
      t.clock.advance(200_000);
      cache = new TreeCache(t.ctx);
      const snap = cache.snapshot();
      const messages = [sendMessage(t.ctx, agent, 'broadcast', 'later', 'x')];
      const events = activityFromRecords({ sessions: snap.sessions, claims: snap.claims, messages }, t.ctx.config, 100);
      assert.deepEqual(brief(events), [
        `messageSent ${agent} broadcast`,
        `stale ${agent}`,
        `expired ${agent} issue/1`,
        `left ${me}`,
        `claimed ${agent} issue/1`,
        `joined ${agent}`,
        `joined ${me}`,
      ]);
      assert.equal(
        activityFromRecords({ sessions: snap.sessions, claims: snap.claims, messages }, t.ctx.config, 3).length,
        3,
      );
    });
  });

  it('newestFirst keeps the given order for equal times', () => {
    const a: ActivityEvent = { at: 5, kind: 'claimed', session: 'a' };
    const b: ActivityEvent = { at: 5, kind: 'expired', session: 'a' };
    const c: ActivityEvent = { at: 9, kind: 'joined', session: 'b' };
    assert.deepEqual(newestFirst([a, b, c]), [c, b, a]);
  });
});
