import * as assert from 'node:assert/strict';
import { decideClaim, type ClaimDecisionInput, type ClaimSide } from '../../../src/core/sync/claimDecision';
import type { Claim } from '../../../src/core/schemas/claim';

const t0 = Date.parse('2026-11-21T12:00:00Z');
const claim = (holder: string, acquiredAt = '2026-11-21T12:00:00.000Z', renewedAt = acquiredAt, ttl = 600): Claim => ({
  object: 'claim', version: 1, type: 'issue', name: '1', holder, acquiredAt, renewedAt, ttl, transitions: 0,
});
const side = (oid: string | null, c?: Claim): ClaimSide => (oid ? { oid, ...(c ? { claim: c } : {}) } : { oid: null });

function input(over: Partial<ClaimDecisionInput>): ClaimDecisionInput {
  return {
    local: side(null), baseOid: null, knownOid: undefined, expected: side(null), authority: side(null),
    authoritySeenAt: t0, now: t0, defaultTtlSeconds: 7200, holderEnded: () => false, holderLocal: (h) => h === 'me', ...over,
  };
}

describe('decideClaim', () => {
  const mine = claim('me');
  const theirs = claim('them');

  it('a local claim the authority already holds is confirmed', () => {
    assert.deepEqual(decideClaim(input({ local: side('a', mine), authority: side('a', mine) })), { action: 'confirmed' });
  });

  it('a new local claim is pushed expecting the ref absent', () => {
    assert.deepEqual(decideClaim(input({ local: side('a', mine) })), { action: 'push', expect: null, next: 'a' });
  });

  it('a lease this computer knew the authority to hold, gone from it, was released there: withdrawn, not published again', () => {
    // Confirmed by `coord claim` (the ref state knows the lease), then force-released on another computer before
    // any sync carried it into the base: the round observes the ref absent.
    const known = { holder: mine.holder, acquiredAt: mine.acquiredAt };
    assert.deepEqual(decideClaim(input({ local: side('a', mine), knownOid: null, knownLease: known })), { action: 'withdraw', releasedElsewhere: true });
    // A renewal made here meanwhile does not bring it back either.
    const renewed = claim('me', mine.acquiredAt, '2026-11-21T12:05:00.000Z');
    assert.deepEqual(decideClaim(input({ local: side('r', renewed), knownOid: null, knownLease: known })), { action: 'withdraw', releasedElsewhere: true });
    // Another lease of the same holder (claimed again since) is new: published.
    const again = claim('me', '2026-11-21T12:10:00.000Z');
    assert.deepEqual(decideClaim(input({ local: side('n', again), knownOid: null, knownLease: known })), { action: 'push', expect: null, next: 'n' });
  });

  it('a lease confirmed here and released before any sync carried it is released on the authority, not brought back', () => {
    // `coord claim` (or the window) confirmed it: the ref state knows the lease; no round has put it in the base.
    const known = { holder: mine.holder, acquiredAt: mine.acquiredAt };
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: null, knownOid: 'a', knownLease: known, authority: side('a', mine) })), { action: 'push', expect: 'a', next: null });
    // Never confirmed here (no lease known): a claim this checkout never had is adopted, as before.
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: null, knownOid: 'a', authority: side('a', mine) })), { action: 'adopt' });
  });

  it('loses to a live claim of another holder, and names it', () => {
    const d = decideClaim(input({ local: side('a', mine), authority: side('b', theirs) }));
    assert.deepEqual(d, { action: 'withdraw', winner: theirs });
  });

  it('takes over a claim only once it is expired by this computer\'s own clock, from when it first saw it', () => {
    // The claim's own timestamps say it expired long ago; this computer only saw it now: not free yet.
    const stale = claim('them', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 600);
    const base = input({ local: side('a', mine), authority: side('b', stale), authoritySeenAt: t0 });
    assert.equal(decideClaim({ ...base, now: t0 + 599_000 }).action, 'withdraw');
    assert.deepEqual(decideClaim({ ...base, now: t0 + 600_000 }), { action: 'push', expect: 'b', next: 'a' });
  });

  it('takes over at once a claim whose holder ended', () => {
    const d = decideClaim(input({ local: side('a', mine), authority: side('b', theirs), holderEnded: (h) => h === 'them' }));
    assert.deepEqual(d, { action: 'push', expect: 'b', next: 'a' });
  });

  it('a renewal of our own lease is pushed over whatever revision of it the authority holds', () => {
    const older = claim('me');
    const renewed = claim('me', older.acquiredAt, '2026-11-21T12:05:00.000Z');
    const d = decideClaim(input({ local: side('r2', renewed), baseOid: 'r1', knownOid: 'r0', expected: side('r0', older), authority: side('r1', older) }));
    assert.deepEqual(d, { action: 'push', expect: 'r1', next: 'r2' });
  });

  it('our lease released on the authority (a force-release elsewhere) is withdrawn, not re-taken', () => {
    const older = claim('me');
    const renewed = claim('me', older.acquiredAt, '2026-11-21T12:05:00.000Z');
    const d = decideClaim(input({ local: side('r2', renewed), baseOid: 'r1', knownOid: 'r1', expected: side('r1', older), authority: side(null) }));
    assert.deepEqual(d, { action: 'withdraw', releasedElsewhere: true });
  });

  it('nothing changed here: the authority\'s value is adopted (their claim, or their release)', () => {
    assert.deepEqual(decideClaim(input({ local: side('a', mine), baseOid: 'a', authority: side('b', theirs) })), { action: 'adopt' });
    assert.deepEqual(decideClaim(input({ local: side('a', mine), baseOid: 'a', authority: side(null) })), { action: 'adopt' });
  });

  it('another computer\'s live lease deleted here (the health loop judging it gone) does not travel: it comes back', () => {
    const d = decideClaim(input({ local: side(null), baseOid: 'b', expected: side('b', theirs), authority: side('b', theirs), now: t0 + 599_000 }));
    assert.deepEqual(d, { action: 'adopt' });
    // Expired by this computer's own clock: the deletion is a release like any other.
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: 'b', expected: side('b', theirs), authority: side('b', theirs), now: t0 + 600_000 })), { action: 'push', expect: 'b', next: null });
  });

  it('a local release deletes the ref with a lease on the value it released', () => {
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: 'a', expected: side('a', mine), authority: side('a', mine) })), { action: 'push', expect: 'a', next: null });
    // Someone else took it after it expired: their claim stays.
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: 'a', expected: side('a', mine), authority: side('b', theirs) })), { action: 'adopt' });
  });

  it('a release here of a lease of this computer travels even when the authority moved on from what was known', () => {
    // Known: our lease 'c'. The authority now holds a renewal 'd' of a lease of this computer; the file was
    // released (or force-released) here: the deletion travels, leased on 'd'.
    const renewed = claim('me', '2026-11-21T12:00:00.000Z', '2026-11-21T12:05:00.000Z');
    const other = claim('me-too', '2026-11-21T11:00:00.000Z');
    const local = (h: string) => h === 'me' || h === 'me-too';
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: 'c', knownOid: 'c', expected: side('c', mine), authority: side('d', renewed), holderLocal: local })), { action: 'push', expect: 'd', next: null });
    assert.deepEqual(decideClaim(input({ local: side(null), baseOid: 'c', knownOid: 'c', expected: side('c', mine), authority: side('e', other), holderLocal: local })), { action: 'push', expect: 'e', next: null });
  });
});
