import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { findClaim, takeClaim } from '../../../src/core/claims/claims';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { CoordError } from '../../../src/core/store/errors';
import { startSession } from '../../../src/core/sessions/sessions';
import { addWork, claimNextWork, completeWork, listWork, workClaimType } from '../../../src/core/work/work';
import { coordError } from '../../helpers/coordError';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('work', () => {
  let tree: TempTree;
  let alice: string;
  let bob: string;
  beforeEach(() => {
    tree = makeTempTree();
    alice = startSession(tree.ctx, { name: 'alice' }).id;
    bob = startSession(tree.ctx, { name: 'bob' }).id;
  });
  afterEach(() => tree.cleanup());

  function stateOf(id: string): string | undefined {
    return listWork(tree.ctx).find((v) => v.item.id === id)?.state;
  }

  describe('addWork', () => {
    it('writes an open item with a slug id, default priority 50 and no dependencies', () => {
      const item = addWork(tree.ctx, '  Fix the login page  ', { createdBy: alice });
      assert.match(item.id, /^fix-the-login-page-[0-9a-z]{4}$/);
      assert.equal(item.title, 'Fix the login page');
      assert.equal(item.priority, 50);
      assert.equal(item.status, 'open');
      assert.deepEqual(item.dependsOn, []);
      assert.equal(item.createdBy, alice);
      assert.equal(item.createdAt, '2026-11-21T12:00:00.000Z');
      assert.deepEqual(JSON.parse(readFileSync(tree.ctx.layout.workFile(item.id), 'utf8')), item);
    });

    it('refuses an empty title, a priority outside 0-100 and unknown dependencies', () => {
      assert.throws(() => addWork(tree.ctx, '   '), coordError('usage', /title is empty/));
      assert.throws(() => addWork(tree.ctx, 't', { priority: 101 }), coordError('usage', /the priority 101/));
      assert.throws(() => addWork(tree.ctx, 't', { priority: -1 }), coordError('usage'));
      assert.throws(() => addWork(tree.ctx, 't', { priority: 1.5 }), coordError('usage'));
      assert.throws(
        () => addWork(tree.ctx, 't', { dependsOn: ['missing-0000'] }),
        coordError('refused', /no work item missing-0000 \(the item it depends on\)/),
      );
      assert.throws(
        () => addWork(tree.ctx, 't', { dependsOn: ['../x'] }),
        coordError('usage', /the item it depends on "\.\.\/x"/),
      );
      assert.throws(() => addWork(tree.ctx, 'two\nlines'), coordError('usage'));
      assert.deepEqual(listWork(tree.ctx), []);
    });
  });

  describe('listWork', () => {
    it('orders by priority, then by age', () => {
      const low = addWork(tree.ctx, 'low', { priority: 10 });
      tree.clock.advance(1000);
      const highOld = addWork(tree.ctx, 'high old', { priority: 90 });
      tree.clock.advance(1000);
      const highNew = addWork(tree.ctx, 'high new', { priority: 90 });
      const mid = addWork(tree.ctx, 'mid');
      assert.deepEqual(
        listWork(tree.ctx).map((v) => v.item.id),
        [highOld.id, highNew.id, mid.id, low.id],
      );
    });

    it('derives ready, blocked, claimed and done', () => {
      const base = addWork(tree.ctx, 'base');
      const next = addWork(tree.ctx, 'next', { dependsOn: [base.id] });
      const other = addWork(tree.ctx, 'other');
      takeClaim(tree.ctx, bob, workClaimType, other.id);
      const views = new Map(listWork(tree.ctx).map((v) => [v.item.id, v]));
      assert.equal(views.get(base.id)?.state, 'ready');
      assert.equal(views.get(next.id)?.state, 'blocked');
      assert.deepEqual(views.get(next.id)?.waitingOn, [base.id]);
      assert.equal(views.get(other.id)?.state, 'claimed');
      assert.equal(views.get(other.id)?.holder, bob);
      completeWork(tree.ctx, alice, base.id);
      assert.equal(stateOf(base.id), 'done');
      assert.equal(stateOf(next.id), 'ready');
    });

    it('counts an item whose claim expired as ready again', () => {
      const item = addWork(tree.ctx, 'x');
      takeClaim(tree.ctx, bob, workClaimType, item.id, { ttlSeconds: 60 });
      assert.equal(stateOf(item.id), 'claimed');
      tree.clock.advance(60_000);
      assert.equal(stateOf(item.id), 'ready');
    });

    it('reports a broken or misnamed item and lists the rest', () => {
      const good = addWork(tree.ctx, 'good');
      writeFileSync(tree.ctx.layout.workFile('broken'), '{');
      writeFileSync(tree.ctx.layout.workFile('alias'), readFileSync(tree.ctx.layout.workFile(good.id)));
      const sink = new DiagnosticSink();
      assert.deepEqual(
        listWork(tree.ctx, sink).map((v) => v.item.id),
        [good.id],
      );
      assert.deepEqual(
        sink.items.map((d) => d.path).sort(),
        [tree.ctx.layout.workFile('alias'), tree.ctx.layout.workFile('broken')].sort(),
      );
    });
  });

  describe('claimNextWork', () => {
    it('claims the highest-priority ready item, skipping blocked and claimed ones', () => {
      const base = addWork(tree.ctx, 'base', { priority: 10 });
      addWork(tree.ctx, 'blocked', { priority: 99, dependsOn: [base.id] });
      const taken = addWork(tree.ctx, 'taken', { priority: 90 });
      const best = addWork(tree.ctx, 'best ready', { priority: 70 });
      addWork(tree.ctx, 'later', { priority: 20 });
      takeClaim(tree.ctx, bob, workClaimType, taken.id);
      const view = claimNextWork(tree.ctx, alice);
      assert.equal(view?.item.id, best.id);
      assert.equal(view?.state, 'claimed');
      assert.equal(view?.holder, alice);
      const claim = findClaim(tree.ctx, workClaimType, best.id);
      assert.equal(claim?.claim.holder, alice);
      assert.equal(claim?.claim.reason, 'best ready');
    });

    it('gives each caller a different item, and none when nothing is ready', () => {
      addWork(tree.ctx, 'one', { priority: 60 });
      addWork(tree.ctx, 'two', { priority: 40 });
      const a = claimNextWork(tree.ctx, alice);
      const b = claimNextWork(tree.ctx, bob);
      assert.ok(a && b);
      assert.notEqual(a.item.id, b.item.id);
      assert.equal(a.item.title, 'one');
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      assert.equal(claimNextWork(tree.ctx, carol), undefined);
    });

    it('uses the given lease length', () => {
      const item = addWork(tree.ctx, 'x');
      claimNextWork(tree.ctx, alice, 120);
      assert.equal(findClaim(tree.ctx, workClaimType, item.id)?.claim.ttl, 120);
    });

    it('refuses a caller that is not registered', () => {
      addWork(tree.ctx, 'x');
      assert.throws(() => claimNextWork(tree.ctx, 'ghost-000000'), coordError('refused'));
    });
  });

  describe('completeWork', () => {
    it("marks the holder's item done and releases its claim", () => {
      const item = addWork(tree.ctx, 'x');
      claimNextWork(tree.ctx, alice);
      tree.clock.advance(5000);
      const done = completeWork(tree.ctx, alice, item.id);
      assert.equal(done.status, 'done');
      assert.equal(done.doneBy, alice);
      assert.equal(done.updatedAt, '2026-11-21T12:00:05.000Z');
      assert.equal(JSON.parse(readFileSync(tree.ctx.layout.workFile(item.id), 'utf8')).status, 'done');
      assert.equal(existsSync(tree.ctx.layout.claimFile(workClaimType, item.id)), false);
      assert.equal(claimNextWork(tree.ctx, bob), undefined, 'a done item is never handed out');
    });

    it('refuses a session that does not hold the item and leaves it open', () => {
      const item = addWork(tree.ctx, 'x');
      claimNextWork(tree.ctx, alice);
      assert.throws(
        () => completeWork(tree.ctx, bob, item.id),
        (e: unknown) =>
          coordError('refused', new RegExp(`claimed by ${alice}`))(e) && (e as CoordError).details?.holder === alice,
      );
      assert.equal(stateOf(item.id), 'claimed');
      assert.equal(JSON.parse(readFileSync(tree.ctx.layout.workFile(item.id), 'utf8')).status, 'open');
    });

    it('lets anyone complete an unclaimed item', () => {
      const item = addWork(tree.ctx, 'x');
      assert.equal(completeWork(tree.ctx, bob, item.id).doneBy, bob);
    });

    it('refuses to complete an item whose dependencies are not done, naming them', () => {
      const first = addWork(tree.ctx, 'first');
      const second = addWork(tree.ctx, 'second', { dependsOn: [first.id] });
      assert.throws(
        () => completeWork(tree.ctx, bob, second.id),
        coordError('refused', new RegExp(`blocked on ${first.id}`)),
      );
      completeWork(tree.ctx, bob, first.id);
      assert.equal(completeWork(tree.ctx, bob, second.id).status, 'done');
    });

    it('leaves an item that is already done as it is', () => {
      const item = addWork(tree.ctx, 'once');
      const done = completeWork(tree.ctx, alice, item.id);
      tree.clock.advance(5000);
      assert.deepEqual(completeWork(tree.ctx, bob, item.id), done);
    });

    it('refuses an unknown item and reports a broken one', () => {
      assert.throws(() => completeWork(tree.ctx, alice, 'nope-0000'), coordError('refused', /no work item nope-0000/));
      writeFileSync(tree.ctx.layout.workFile('broken'), 'x');
      assert.throws(() => completeWork(tree.ctx, alice, 'broken'), coordError('bad-tree', /broken\.json/));
    });
  });
});
