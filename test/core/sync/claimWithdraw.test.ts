import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toJson } from '../../../src/core/store/atomicFile';
import { holdClaimFile } from '../../../src/core/store/fileMutation';
import type { Claim } from '../../../src/core/records/claim';
import { replaceClaimFile, withdrawLeaseFile } from '../../../src/core/sync/claimWithdraw';

/** Withdrawing a lost lease while another process holds its bytes for a push, or renewed it meanwhile. */
describe('withdrawing a lost lease from the claim file', () => {
  let dir: string;
  let path: string;
  const lease = { holder: 'me', acquiredAt: '2026-01-01T00:00:00.000Z' };
  const claim = (over: Partial<Claim> = {}): string =>
    toJson({
      object: 'claim',
      version: 1,
      type: 'issue',
      name: '7',
      ...lease,
      renewedAt: lease.acquiredAt,
      ttl: 600,
      transitions: 0,
      ...over,
    } as Claim);
  const mine = claim();
  const winner = claim({ holder: 'winner' });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coord-withdraw-'));
    mkdirSync(join(dir, 'issue'));
    path = join(dir, 'issue', '7.json');
    writeFileSync(path, mine);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits out a hold of the bytes and then replaces the lost claim with the winner', async () => {
    const hold = holdClaimFile(path, mine);
    assert.notEqual(typeof hold, 'string');
    // Without waiting, the held file is left as it is (the caller would be told "withdrawn" with the claim in place).
    assert.equal(replaceClaimFile(path, mine, winner), false);
    const replacing = withdrawLeaseFile(path, lease, winner);
    setTimeout(() => (hold as { release(): void }).release(), 200);
    assert.equal(await replacing, true);
    assert.equal(readFileSync(path, 'utf8'), winner);
  });

  it('withdraws the lease in a later renewal too (a heartbeat renewed it after the bytes the caller saw)', async () => {
    writeFileSync(path, claim({ renewedAt: '2026-01-01T00:00:05.000Z' }));
    assert.equal(await withdrawLeaseFile(path, lease, null), true);
    assert.equal(existsSync(path), false);
  });

  it('leaves another lease (released and taken again meanwhile) as it is', async () => {
    const again = claim({ acquiredAt: '2026-01-01T00:01:00.000Z', renewedAt: '2026-01-01T00:01:00.000Z' });
    writeFileSync(path, again);
    assert.equal(await withdrawLeaseFile(path, lease, null), false);
    assert.equal(readFileSync(path, 'utf8'), again);
    rmSync(path);
    assert.equal(await withdrawLeaseFile(path, lease, null), false);
  });
});
