import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { toJson } from '../../../src/core/store/atomicFile';
import {
  claimsHeldBy,
  findClaim,
  listClaims,
  releaseClaim,
  releaseHeldClaims,
  renewClaim,
  renewHeldClaims,
  takeClaim,
} from '../../../src/core/claims/claims';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { CoordError } from '../../../src/core/store/errors';
import { inbox } from '../../../src/core/messages/messages';
import { markEnded, startSession } from '../../../src/core/sessions/sessions';
import { coordError } from '../../helpers/coordError';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('claims', () => {
  const s = withAliceAndBob();

  function onDisk(type: string, name: string): Record<string, unknown> {
    return JSON.parse(readFileSync(s.tree.ctx.layout.claimFile(type, name), 'utf8'));
  }

  describe('takeClaim', () => {
    it('acquires a free name with the lease fields', () => {
      const result = takeClaim(s.tree.ctx, s.alice, 'issue', '42', { reason: 'fix login' });
      assert.equal(result.outcome, 'acquired');
      assert.deepEqual(onDisk('issue', '42'), {
        object: 'claim',
        version: 1,
        type: 'issue',
        name: '42',
        holder: s.alice,
        acquiredAt: '2026-11-21T12:00:00.000Z',
        renewedAt: '2026-11-21T12:00:00.000Z',
        ttl: 7200,
        transitions: 0,
        reason: 'fix login',
      });
      assert.deepEqual(result.claim, onDisk('issue', '42'));
    });

    it('uses the given ttl', () => {
      assert.equal(takeClaim(s.tree.ctx, s.alice, 'issue', '42', { ttlSeconds: 60 }).claim.ttl, 60);
    });

    it('refuses a live claim of another session, naming the holder and the end of the lease', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42', { reason: 'fix login' });
      const before = readFileSync(s.tree.ctx.layout.claimFile('issue', '42'), 'utf8');
      assert.throws(
        () => takeClaim(s.tree.ctx, s.bob, 'issue', '42'),
        (e: unknown) =>
          coordError(
            'refused',
            new RegExp(`issue/42 is held by ${s.alice} until 2026-11-21T14:00:00.000Z \\(fix login\\)`),
          )(e) &&
          (e as CoordError).details?.holder === s.alice &&
          (e as CoordError).details?.expiresAt === '2026-11-21T14:00:00.000Z',
      );
      assert.equal(readFileSync(s.tree.ctx.layout.claimFile('issue', '42'), 'utf8'), before);
    });

    it('renews a claim the caller already holds', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42', { ttlSeconds: 60 });
      s.tree.clock.advance(30_000);
      const again = takeClaim(s.tree.ctx, s.alice, 'issue', '42', { ttlSeconds: 600 });
      assert.equal(again.outcome, 'already-held');
      assert.equal(again.claim.acquiredAt, '2026-11-21T12:00:00.000Z');
      assert.equal(again.claim.renewedAt, '2026-11-21T12:00:30.000Z');
      assert.equal(again.claim.ttl, 600);
      assert.equal(again.claim.transitions, 0);
      assert.deepEqual(onDisk('issue', '42'), again.claim);
    });

    it('lets another session take over once the lease ran out, counting the transition', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42', { ttlSeconds: 60 });
      s.tree.clock.advance(59_999);
      assert.throws(() => takeClaim(s.tree.ctx, s.bob, 'issue', '42'), coordError('refused'));
      s.tree.clock.advance(1);
      const taken = takeClaim(s.tree.ctx, s.bob, 'issue', '42');
      assert.equal(taken.outcome, 'taken-over');
      assert.equal(taken.previousHolder, s.alice);
      assert.equal(taken.claim.holder, s.bob);
      assert.equal(taken.claim.transitions, 1);
      assert.equal(taken.claim.acquiredAt, '2026-11-21T12:01:00.000Z');
      assert.deepEqual(onDisk('issue', '42'), taken.claim);
    });

    it('lets a live session take over the claim of a gone holder before the lease ends', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      s.tree.clock.advance(901_000);
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.equal(findClaim(s.tree.ctx, 'issue', '42')?.holderState, 'gone');
      assert.equal(findClaim(s.tree.ctx, 'issue', '42')?.expired, false);
      const taken = takeClaim(s.tree.ctx, carol, 'issue', '42');
      assert.equal(taken.outcome, 'taken-over');
      assert.equal(taken.claim.transitions, 1);
      s.tree.clock.advance(7200_000);
      const dave = startSession(s.tree.ctx, { name: 'dave' }).id;
      assert.equal(takeClaim(s.tree.ctx, dave, 'issue', '42').claim.transitions, 2);
    });

    it('does not hand over the claim of a merely stale holder', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      s.tree.clock.advance(300_000);
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.equal(findClaim(s.tree.ctx, 'issue', '42')?.holderState, 'stale');
      assert.throws(() => takeClaim(s.tree.ctx, carol, 'issue', '42'), coordError('refused', /is held by/));
    });

    it('frees the claim of an ended holder', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      const session = JSON.parse(readFileSync(s.tree.ctx.layout.sessionFile(s.alice), 'utf8'));
      markEnded(s.tree.ctx, session);
      assert.equal(takeClaim(s.tree.ctx, s.bob, 'issue', '42').outcome, 'taken-over');
    });

    it('keeps the claim of a holder whose session file is unknown until its lease ends', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42', { ttlSeconds: 60 });
      rmSync(s.tree.ctx.layout.sessionFile(s.alice));
      assert.equal(findClaim(s.tree.ctx, 'issue', '42')?.holderState, 'unknown');
      assert.throws(() => takeClaim(s.tree.ctx, s.bob, 'issue', '42'), coordError('refused'));
      s.tree.clock.advance(60_000);
      assert.equal(takeClaim(s.tree.ctx, s.bob, 'issue', '42').outcome, 'taken-over');
    });

    it('refuses callers that are not registered or have ended', () => {
      assert.throws(
        () => takeClaim(s.tree.ctx, 'ghost-000000', 'issue', '42'),
        coordError('refused', /not registered/),
      );
      markEnded(s.tree.ctx, JSON.parse(readFileSync(s.tree.ctx.layout.sessionFile(s.bob), 'utf8')));
      assert.throws(() => takeClaim(s.tree.ctx, s.bob, 'issue', '42'), coordError('refused', /ended/));
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '42')), false);
    });

    it('refuses names that are not slugs and reasons that are not one line', () => {
      assert.throws(() => takeClaim(s.tree.ctx, s.alice, '../x', '42'), coordError('usage', /claim type/));
      assert.throws(() => takeClaim(s.tree.ctx, s.alice, 'issue', 'A/B'), coordError('usage', /claim name/));
      assert.throws(() => takeClaim(s.tree.ctx, s.alice, 'issue', '42', { reason: 'two\nlines' }), coordError('usage'));
      assert.throws(
        () => takeClaim(s.tree.ctx, s.alice, 'issue', '42', { reason: 'r'.repeat(501) }),
        coordError('usage'),
      );
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '42')), false);
    });

    it('stops at a broken claim file instead of overwriting it', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      const path = s.tree.ctx.layout.claimFile('issue', '42');
      writeFileSync(path, '{ "broken": ');
      assert.throws(
        () => takeClaim(s.tree.ctx, s.bob, 'issue', '42'),
        (e: unknown) => coordError('bad-tree')(e) && (e as Error).message.includes(path),
      );
      assert.equal(readFileSync(path, 'utf8'), '{ "broken": ');
    });
  });

  describe('renewClaim', () => {
    it('moves renewedAt to now and keeps or changes the ttl', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42', { ttlSeconds: 60 });
      s.tree.clock.advance(50_000);
      const renewed = renewClaim(s.tree.ctx, s.alice, 'issue', '42');
      assert.equal(renewed.renewedAt, '2026-11-21T12:00:50.000Z');
      assert.equal(renewed.ttl, 60);
      s.tree.clock.advance(50_000);
      assert.throws(
        () => takeClaim(s.tree.ctx, s.bob, 'issue', '42'),
        coordError('refused'),
        'a renewed lease is not expired',
      );
      assert.equal(renewClaim(s.tree.ctx, s.alice, 'issue', '42', 3600).ttl, 3600);
      assert.equal(onDisk('issue', '42').ttl, 3600);
    });

    it('refuses a claim the caller does not hold', () => {
      assert.throws(() => renewClaim(s.tree.ctx, s.alice, 'issue', '42'), coordError('refused', /nobody claims it/));
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      assert.throws(
        () => renewClaim(s.tree.ctx, s.bob, 'issue', '42'),
        (e: unknown) =>
          coordError('refused', new RegExp(`you do not hold issue/42: ${s.alice} does`))(e) &&
          (e as CoordError).details?.holder === s.alice,
      );
    });
  });

  describe('releaseClaim', () => {
    it('lets the holder release, after which anyone can claim', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      const result = releaseClaim(s.tree.ctx, s.alice, 'issue', '42');
      assert.equal(result.forced, false);
      assert.equal(result.claim.holder, s.alice);
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '42')), false);
      assert.equal(takeClaim(s.tree.ctx, s.bob, 'issue', '42').outcome, 'acquired');
    });

    it('refuses a release by another session without force (its remedy) and keeps the claim', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      assert.throws(
        () => releaseClaim(s.tree.ctx, s.bob, 'issue', '42'),
        (e: unknown) =>
          coordError('refused', /you do not hold issue\/42/)(e) &&
          isDeepStrictEqual((e as CoordError).remedy, { action: 'pass-option', option: 'force' }),
      );
      assert.equal(onDisk('issue', '42').holder, s.alice);
    });

    it('refuses to release what nobody claims', () => {
      assert.throws(() => releaseClaim(s.tree.ctx, s.alice, 'issue', '42'), coordError('refused', /is not claimed/));
    });

    it('force-releases and tells the old holder by message', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      const result = releaseClaim(s.tree.ctx, s.bob, 'issue', '42', true);
      assert.equal(result.forced, true);
      assert.equal(result.claim.holder, s.alice);
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '42')), false);
      assert.ok(result.notified);
      const messages = inbox(s.tree.ctx, s.alice);
      assert.equal(messages.length, 1);
      const message = messages[0]!.message;
      assert.equal(message.id, result.notified);
      assert.equal(message.from, s.bob);
      assert.equal(message.to, s.alice);
      assert.equal(message.priority, 'high');
      assert.match(message.subject, /issue\/42 was force-released/);
      assert.equal(inbox(s.tree.ctx, s.bob).length, 0);
    });

    it('still tells a gone holder, but not an ended one', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      s.tree.clock.advance(901_000);
      const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
      assert.ok(releaseClaim(s.tree.ctx, carol, 'issue', '42', true).notified);
      takeClaim(s.tree.ctx, carol, 'issue', '43');
      markEnded(s.tree.ctx, JSON.parse(readFileSync(s.tree.ctx.layout.sessionFile(carol), 'utf8')));
      const dave = startSession(s.tree.ctx, { name: 'dave' }).id;
      const result = releaseClaim(s.tree.ctx, dave, 'issue', '43', true);
      assert.equal(result.forced, true);
      assert.equal(result.notified, undefined);
      assert.equal(existsSync(s.tree.ctx.layout.messagesDir + `/${carol}`), false);
    });

    it("treats --force on the caller's own claim as a plain release", () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '42');
      const result = releaseClaim(s.tree.ctx, s.alice, 'issue', '42', true);
      assert.equal(result.forced, false);
      assert.equal(result.notified, undefined);
    });
  });

  describe('held claims of one session', () => {
    it("renewHeldClaims renews only the caller's claims", () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1');
      takeClaim(s.tree.ctx, s.alice, 'module', 'auth');
      takeClaim(s.tree.ctx, s.bob, 'issue', '2');
      s.tree.clock.advance(10_000);
      const renewed = renewHeldClaims(s.tree.ctx, s.alice);
      assert.deepEqual(renewed.map((c) => `${c.type}/${c.name}`).sort(), ['issue/1', 'module/auth']);
      assert.equal(onDisk('issue', '1').renewedAt, '2026-11-21T12:00:10.000Z');
      assert.equal(onDisk('module', 'auth').renewedAt, '2026-11-21T12:00:10.000Z');
      assert.equal(onDisk('issue', '2').renewedAt, '2026-11-21T12:00:00.000Z');
    });

    it("claimsHeldBy finds only the session's own claims, even where another claim's reason names it", () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1');
      takeClaim(s.tree.ctx, s.bob, 'issue', '2', { reason: `pairing with ${s.alice}` });
      assert.deepEqual(
        claimsHeldBy(s.tree.ctx, s.alice).map((c) => `${c.type}/${c.name}`),
        ['issue/1'],
      );
      assert.deepEqual(
        claimsHeldBy(s.tree.ctx, s.bob).map((c) => `${c.type}/${c.name}`),
        ['issue/2'],
      );
    });

    it("releaseHeldClaims releases only the caller's claims", () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1');
      takeClaim(s.tree.ctx, s.bob, 'issue', '2');
      assert.deepEqual(
        releaseHeldClaims(s.tree.ctx, s.alice).map((c) => c.name),
        ['1'],
      );
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '1')), false);
      assert.equal(existsSync(s.tree.ctx.layout.claimFile('issue', '2')), true);
    });
  });

  describe('listClaims', () => {
    it('shows each claim with expiry, time left, holder state and whether it is free', () => {
      takeClaim(s.tree.ctx, s.alice, 'issue', '1', { ttlSeconds: 60 });
      takeClaim(s.tree.ctx, s.bob, 'issue', '2', { ttlSeconds: 600 });
      s.tree.clock.advance(90_000);
      const views = new Map(listClaims(s.tree.ctx).map((v) => [v.claim.name, v]));
      assert.equal(views.size, 2);
      const one = views.get('1')!;
      assert.equal(one.expired, true);
      assert.equal(one.free, true);
      assert.equal(one.remainingMs, 0);
      assert.equal(one.expiresAt, '2026-11-21T12:01:00.000Z');
      assert.equal(one.path, s.tree.ctx.layout.claimFile('issue', '1'));
      const two = views.get('2')!;
      assert.equal(two.expired, false);
      assert.equal(two.free, false);
      assert.equal(two.remainingMs, 510_000);
      assert.equal(two.holderState, 'active');
    });

    it('reports a broken or misplaced claim file and lists the rest', () => {
      const good = takeClaim(s.tree.ctx, s.alice, 'issue', '1').claim;
      const misplaced = s.tree.ctx.layout.claimFile('issue', '9');
      writeFileSync(misplaced, toJson(good));
      const broken = s.tree.ctx.layout.claimFile('module', 'x');
      takeClaim(s.tree.ctx, s.alice, 'module', 'x');
      writeFileSync(broken, JSON.stringify({ ...good, type: 'module', name: 'x', version: 3 }));
      const sink = new DiagnosticSink();
      assert.deepEqual(
        listClaims(s.tree.ctx, sink).map((v) => v.claim.name),
        ['1'],
      );
      const reasons = new Map(sink.items.map((d) => [d.path, d.reason]));
      assert.match(reasons.get(misplaced) ?? '', /holds claim issue\/1 but lives at issue\/9\.json/);
      assert.match(reasons.get(broken) ?? '', /protocol version 3/);
      assert.equal(reasons.size, 2);
    });

    it('finds one claim, or undefined', () => {
      assert.equal(findClaim(s.tree.ctx, 'issue', '1'), undefined);
      takeClaim(s.tree.ctx, s.alice, 'issue', '1');
      assert.equal(findClaim(s.tree.ctx, 'issue', '1')?.claim.holder, s.alice);
    });
  });
});
