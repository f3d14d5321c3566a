import * as assert from 'node:assert/strict';
import { ClaimConfirmationIndex } from '../../../src/core/sync/claimConfirmationIndex';
import { claimConfirmation, writeClaimRefState } from '../../../src/core/sync/claimRefState';
import type { Claim } from '../../../src/core/records/claim';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

const claim = (name: string, holder = 'me-1'): Claim => ({
  object: 'claim',
  version: 1,
  type: 'issue',
  name,
  holder,
  acquiredAt: '2026-11-21T12:00:00.000Z',
  renewedAt: '2026-11-21T12:00:00.000Z',
  ttl: 60,
  transitions: 0,
});
const lease = { holder: 'me-1', acquiredAt: '2026-11-21T12:00:00.000Z' };

describe('claim confirmation (per claim and indexed)', () => {
  let t: TempTree;
  beforeEach(() => (t = makeTempTree()));
  afterEach(() => t.cleanup());

  it('says nothing in a checkout that never confirmed a claim', () => {
    assert.equal(claimConfirmation(t.ctx.layout, claim('1')), undefined);
    const index = new ClaimConfirmationIndex(t.ctx.layout);
    index.refresh();
    assert.equal(index.stateOf(claim('1')), undefined);
  });

  it('confirmed when the state holds this lease, pending (with its reason) otherwise', () => {
    const index = new ClaimConfirmationIndex(t.ctx.layout);
    writeClaimRefState(t.ctx.layout, 'issue', '1', { ref: 'a', refSeenAt: 1, lease });
    writeClaimRefState(t.ctx.layout, 'issue', '2', { pendingReason: 'offline' });
    assert.equal(claimConfirmation(t.ctx.layout, claim('1')), 'confirmed');
    assert.equal(claimConfirmation(t.ctx.layout, claim('2')), 'pending');
    assert.equal(claimConfirmation(t.ctx.layout, claim('1', 'other-1')), 'pending');
    assert.equal(index.stateOf(claim('1')), undefined, 'nothing read before a refresh');
    index.refresh();
    assert.deepEqual(index.stateOf(claim('1')), { confirmation: 'confirmed' });
    assert.deepEqual(index.stateOf(claim('2')), { confirmation: 'pending', pendingReason: 'offline' });
    assert.deepEqual(index.stateOf(claim('1', 'other-1')), { confirmation: 'pending' });
    assert.deepEqual(index.stateOf(claim('3')), { confirmation: 'pending' });
  });

  it('a refresh right after a write sees it, however coarse the clock; one state file is re-read alone', () => {
    const index = new ClaimConfirmationIndex(t.ctx.layout);
    writeClaimRefState(t.ctx.layout, 'issue', '1', { pendingReason: 'offline' });
    index.refresh();
    // Written right after the index read the folder: the folder's mtime may not have moved.
    writeClaimRefState(t.ctx.layout, 'issue', '2', { ref: 'b', refSeenAt: 1, lease });
    index.refresh();
    assert.deepEqual(index.stateOf(claim('2')), { confirmation: 'confirmed' });
    writeClaimRefState(t.ctx.layout, 'issue', '1', { ref: 'c', refSeenAt: 1, lease });
    index.reread('issue', '1');
    assert.deepEqual(index.stateOf(claim('1')), { confirmation: 'confirmed' });
  });
});
