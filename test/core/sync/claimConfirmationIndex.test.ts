import * as assert from 'node:assert/strict';
import { ClaimConfirmationIndex } from '../../../src/core/sync/claimConfirmationIndex';
import { claimConfirmation, writeClaimRefState } from '../../../src/core/sync/claimRefState';
import type { Claim } from '../../../src/core/records/claim';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

const claim = (name: string, holder = 'me-1'): Claim => ({
  object: 'claim', version: 1, type: 'issue', name, holder, acquiredAt: '2026-11-21T12:00:00.000Z', renewedAt: '2026-11-21T12:00:00.000Z', ttl: 60, transitions: 0,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('claim confirmation (per claim and indexed)', () => {
  let t: TempTree;
  beforeEach(() => (t = makeTempTree()));
  afterEach(() => t.cleanup());

  it('says nothing in a checkout that never confirmed a claim', () => {
    assert.equal(claimConfirmation(t.ctx.layout, claim('1')), undefined);
    assert.equal(new ClaimConfirmationIndex(t.ctx.layout).confirmationOf(claim('1')), undefined);
  });

  it('confirmed when the state holds this lease, pending otherwise; the index follows every write', async () => {
    const index = new ClaimConfirmationIndex(t.ctx.layout);
    writeClaimRefState(t.ctx.layout, 'issue', '1', { ref: 'a', refSeenAt: 1, lease: { holder: 'me-1', acquiredAt: '2026-11-21T12:00:00.000Z' } });
    writeClaimRefState(t.ctx.layout, 'issue', '2', { pendingReason: 'offline' });
    assert.equal(claimConfirmation(t.ctx.layout, claim('1')), 'confirmed');
    assert.equal(claimConfirmation(t.ctx.layout, claim('2')), 'pending');
    assert.equal(claimConfirmation(t.ctx.layout, claim('1', 'other-1')), 'pending');
    assert.equal(index.confirmationOf(claim('1')), 'confirmed');
    assert.equal(index.confirmationOf(claim('2')), 'pending');
    await tick();
    // Written right after the index read the folder: the next pass must see it, however coarse the clock.
    writeClaimRefState(t.ctx.layout, 'issue', '2', { ref: 'b', refSeenAt: 1, lease: { holder: 'me-1', acquiredAt: '2026-11-21T12:00:00.000Z' } });
    assert.equal(index.confirmationOf(claim('2')), 'confirmed');
  });
});
