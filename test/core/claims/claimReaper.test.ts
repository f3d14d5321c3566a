import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freeClaimIfFree, freeExpiredClaims } from '../../../src/core/claims/claimReaper';
import { findClaim, listClaims, takeClaim } from '../../../src/core/claims/claims';
import { heartbeat } from '../../../src/core/claims/sessionLifecycle';
import { startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('claim reaper', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('frees an expired lease and the claims of a gone holder, and leaves live ones', () => {
    const live = startSession(tree.ctx, { name: 'live' }).id;
    const lapsed = startSession(tree.ctx, { name: 'lapsed' }).id;
    takeClaim(tree.ctx, live, 'issue', 'kept', { ttlSeconds: 7200 });
    takeClaim(tree.ctx, lapsed, 'issue', 'short', { ttlSeconds: 60 });
    takeClaim(tree.ctx, lapsed, 'issue', 'long', { ttlSeconds: 7200 });
    tree.clock.advance(120_000);
    heartbeat(tree.ctx, live, {});
    const firstPass = freeExpiredClaims(tree.ctx, listClaims(tree.ctx));
    // lapsed is only stale: its long lease stands; the short one ran out.
    assert.deepEqual(
      firstPass.map((f) => [`${f.claim.type}/${f.claim.name}`, f.because]),
      [['issue/short', 'expired']],
    );
    assert.equal(existsSync(tree.ctx.layout.claimFile('issue', 'short')), false);

    tree.clock.advance(15 * 60_000);
    heartbeat(tree.ctx, live, {});
    const secondPass = freeExpiredClaims(tree.ctx, listClaims(tree.ctx));
    assert.deepEqual(
      secondPass.map((f) => [`${f.claim.type}/${f.claim.name}`, f.because]),
      [['issue/long', 'holder-gone']],
    );
    assert.ok(findClaim(tree.ctx, 'issue', 'kept'));
  });

  it("leaves another computer's expired claim to sync, which judges it by this computer's own clock", () => {
    const far = startSession({ ...tree.ctx, host: 'other-computer' }, { name: 'far' }).id;
    takeClaim({ ...tree.ctx, host: 'other-computer' }, far, 'issue', 'remote', { ttlSeconds: 60 });
    // A session that arrived by sync was not started in this tree: it has no marker here.
    rmSync(join(tree.ctx.layout.localDir, 'own-sessions', far));
    tree.clock.advance(120_000);
    assert.deepEqual(freeExpiredClaims(tree.ctx, listClaims(tree.ctx)), []);
    assert.ok(findClaim(tree.ctx, 'issue', 'remote'));
  });

  it('re-checks from a fresh read: a claim renewed after the listing stays', () => {
    const s = startSession(tree.ctx, { name: 's' }).id;
    takeClaim(tree.ctx, s, 'issue', 'x', { ttlSeconds: 60 });
    tree.clock.advance(61_000);
    const stale = listClaims(tree.ctx);
    assert.equal(stale[0]?.free, true);
    heartbeat(tree.ctx, s, {}); // renews the claim after the listing was taken
    assert.deepEqual(freeExpiredClaims(tree.ctx, stale), []);
    assert.equal(freeClaimIfFree(tree.ctx, 'issue', 'x'), undefined);
    assert.ok(findClaim(tree.ctx, 'issue', 'x'));
  });
});
