import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { findClaim, takeClaim } from '../../../src/core/claims/claims';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { CoordError } from '../../../src/core/store/errors';
import { startSession } from '../../../src/core/sessions/sessions';
import { addWork, claimNextWork, completeWork, listWork, workClaimType } from '../../../src/core/work/work';
import { coordError } from '../../helpers/coordError';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('work', () => {
  const s = withAliceAndBob();

  function stateOf(id: string): string | undefined {
    return listWork(s.tree.ctx).find((v) => v.item.id === id)?.state;
  }

  describe('addWork', () => {
    it('writes an open item with a slug id, default priority 50 and no dependencies', () => {
      const item = addWork(s.tree.ctx, '  Fix the login page  ', { createdBy: s.alice });
      assert.match(item.id, /^fix-the-login-page-[0-9a-z]{4}$/);
      assert.equal(item.title, 'Fix the login page');
      assert.equal(item.priority, 50);
      assert.equal(item.status, 'open');
      assert.deepEqual(item.dependsOn, []);
      assert.equal(item.createdBy, s.alice);
      assert.equal(item.createdAt, '2026-11-21T12:00:00.000Z');
      assert.deepEqual(JSON.parse(readFileSync(s.tree.ctx.layout.workFile(item.id), 'utf8')), item);
    });

    it('refuses an empty title, a priority outside 0-100 and unknown dependencies', () => {
      assert.throws(() => addWork(s.tree.ctx, '   '), coordError('usage', /title is empty/));
      assert.throws(() => addWork(s.tree.ctx, 't', { priority: 101 }), coordError('usage', /the priority 101/));
      assert.throws(() => addWork(s.tree.ctx, 't', { priority: -1 }), coordError('usage'));
      assert.throws(() => addWork(s.tree.ctx, 't', { priority: 1.5 }), coordError('usage'));
      assert.throws(
        () => addWork(s.tree.ctx, 't', { dependsOn: ['missing-0000'] }),
        coordError('refused', /no work item missing-0000 \(the item it depends on\)/),
      );
      assert.throws(
        () => addWork(s.tree.ctx, 't', { dependsOn: ['../x'] }),
        coordError('usage', /the item it depends on "\.\.\/x"/),
      );
      assert.throws(() => addWork(s.tree.ctx, 'two\nlines'), coordError('usage'));
      assert.deepEqual(listWork(s.tree.ctx), []);
    });
  });

  describe('listWork', () => {
    it('orders by priority, then by age', () => {
      const low = addWork(s.tree.ctx, 'low', { priority: 10 });
      s.tree.clock.advance(1000);
      const highOld = addWork(s.tree.ctx, 'high old', { priority: 90 });
      s.tree.clock.advance(1000);
      const highNew = addWork(s.tree.ctx, 'high new', { priority: 90 });
      const mid = addWork(s.tree.ctx, 'mid');
      assert.deepEqual(
        listWork(s.tree.ctx).map((v) => v.item.id),
        [highOld.id, highNew.id, mid.id, low.id],
      );
    });

    it('derives ready, blocked, claimed and done', () => {
      const base = addWork(s.tree.ctx, 'base');
      const next = addWork(s.tree.ctx, 'next', { dependsOn: [base.id] });
      const other = addWork(s.tree.ctx, 'other');
      takeClaim(s.tree.ctx, s.bob, workClaimType, other.id);
      const views = new Map(listWork(s.tree.ctx).map((v) => [v.item.id, v]));
      assert.equal(views.get(base.id)?.state, 'ready');
      assert.equal(views.get(next.id)?.state, 'blocked');
      assert.deepEqual(views.get(next.id)?.waitingOn, [base.id]);
      assert.equal(views.get(other.id)?.state, 'claimed');
      assert.equal(views.get(other.id)?.holder, s.bob);
      completeWork(s.tree.ctx, s.alice, base.id);
      assert.equal(stateOf(base.id), 'done');
      assert.equal(stateOf(next.id), 'ready');
    });

    it('counts an item whose claim expired as ready again', () => {
      const item = addWork(s.tree.ctx, 'x');
      takeClaim(s.tree.ctx, s.bob, workClaimType, item.id, { ttlSeconds: 60 });
      assert.equal(stateOf(item.id), 'claimed');
      s.tree.clock.advance(60_000);
      assert.equal(stateOf(item.id), 'ready');
    });

    it('reports a broken or misnamed item and lists the rest', () => {
      const good = addWork(s.tree.ctx, 'good');
      writeFileSync(s.tree.ctx.layout.workFile('broken'), '{');
      writeFileSync(s.tree.ctx.layout.workFile('alias'), readFileSync(s.tree.ctx.layout.workFile(good.id)));
      const sink = new DiagnosticSink();
      assert.deepEqual(
        listWork(s.tree.ctx, sink).map((v) => v.item.id),
        [good.id],
      );
      assert.deepEqual(
        sink.items.map((d) => d.path).sort(),
        [s.tree.ctx.layout.workFile('alias'), s.tree.ctx.layout.workFile('broken')].sort(),
      );
    });
  });

  describe('claimNextWork', () => {
    it('claims the highest-priority ready item, skipping blocked and claimed ones', () => {
      const base = addWork(s.tree.ctx, 'base', { priority: 10 });
      addWork(s.tree.ctx, 'blocked', { priority: 99, dependsOn: [base.id] });
      const taken = addWork(s.tree.ctx, 'taken', { priority: 90 });
      const best = addWork(s.tree.ctx, 'best ready', { priority: 70 });
      addWork(s.tree.ctx, 'later', { priority: 20 });
      takeClaim(s.tree.ctx, s.bob, workClaimType, taken.id);
      const view = claimNextWork(s.tree.ctx, s.alice);
      assert.equal(view?.item.id, best.id);
      assert.equal(view?.state, 'claimed');
      assert.equal(view?.holder, s.alice);
      const claim = findClaim(s.tree.ctx, workClaimType, best.id);
      assert.equal(claim?.claim.holder, s.alice);
      assert.equal(claim?.claim.reason, 'best ready');
    });

    it('gives each caller a different item, and none when nothing is ready', () => {
      addWork(s.tree.ctx, 'one', { priority: 60 });
      addWork(s.tree.ctx, 'two', { priority: 40 });
      const a = claimNextWork(s.tree.ctx, s.alice);
      const b = claimNextWork(s.tree.ctx, s.bob);
      assert.ok(a && b);
      assert.notEqual(a.item.id, b.item.id);
      assert.equal(a.item.title, 'one');
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.equal(claimNextWork(s.tree.ctx, carol), undefined);
    });

    it('uses the given lease length', () => {
      const item = addWork(s.tree.ctx, 'x');
      claimNextWork(s.tree.ctx, s.alice, 120);
      assert.equal(findClaim(s.tree.ctx, workClaimType, item.id)?.claim.ttl, 120);
    });

    it('refuses a caller that is not registered', () => {
      addWork(s.tree.ctx, 'x');
      assert.throws(() => claimNextWork(s.tree.ctx, 'ghost-000000'), coordError('refused'));
    });
  });

  describe('completeWork', () => {
    it("marks the holder's item done and releases its claim", () => {
      const item = addWork(s.tree.ctx, 'x');
      claimNextWork(s.tree.ctx, s.alice);
      s.tree.clock.advance(5000);
      const done = completeWork(s.tree.ctx, s.alice, item.id);
      assert.equal(done.status, 'done');
      assert.equal(done.doneBy, s.alice);
      assert.equal(done.updatedAt, '2026-11-21T12:00:05.000Z');
      assert.equal(JSON.parse(readFileSync(s.tree.ctx.layout.workFile(item.id), 'utf8')).status, 'done');
      assert.equal(existsSync(s.tree.ctx.layout.claimFile(workClaimType, item.id)), false);
      assert.equal(claimNextWork(s.tree.ctx, s.bob), undefined, 'a done item is never handed out');
    });

    it('refuses a session that does not hold the item and leaves it open', () => {
      const item = addWork(s.tree.ctx, 'x');
      claimNextWork(s.tree.ctx, s.alice);
      assert.throws(
        () => completeWork(s.tree.ctx, s.bob, item.id),
        (e: unknown) =>
          coordError('refused', new RegExp(`claimed by ${s.alice}`))(e) &&
          (e as CoordError).details?.holder === s.alice,
      );
      assert.equal(stateOf(item.id), 'claimed');
      assert.equal(JSON.parse(readFileSync(s.tree.ctx.layout.workFile(item.id), 'utf8')).status, 'open');
    });

    it('lets anyone complete an unclaimed item', () => {
      const item = addWork(s.tree.ctx, 'x');
      assert.equal(completeWork(s.tree.ctx, s.bob, item.id).doneBy, s.bob);
    });

    it('refuses to complete an item whose dependencies are not done, naming them', () => {
      const first = addWork(s.tree.ctx, 'first');
      const second = addWork(s.tree.ctx, 'second', { dependsOn: [first.id] });
      assert.throws(
        () => completeWork(s.tree.ctx, s.bob, second.id),
        coordError('refused', new RegExp(`blocked on ${first.id}`)),
      );
      completeWork(s.tree.ctx, s.bob, first.id);
      assert.equal(completeWork(s.tree.ctx, s.bob, second.id).status, 'done');
    });

    it('leaves an item that is already done as it is', () => {
      const item = addWork(s.tree.ctx, 'once');
      const done = completeWork(s.tree.ctx, s.alice, item.id);
      s.tree.clock.advance(5000);
      assert.deepEqual(completeWork(s.tree.ctx, s.bob, item.id), done);
    });

    it('refuses an unknown item and reports a broken one', () => {
      assert.throws(
        () => completeWork(s.tree.ctx, s.alice, 'nope-0000'),
        coordError('refused', /no work item nope-0000/),
      );
      writeFileSync(s.tree.ctx.layout.workFile('broken'), 'x');
      assert.throws(() => completeWork(s.tree.ctx, s.alice, 'broken'), coordError('bad-tree', /broken\.json/));
    });
  });
});
