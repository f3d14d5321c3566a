import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdClaimFile } from '../../../src/core/claims/claimMutation';
import { replaceClaimFile, replaceClaimFileWhenFree } from '../../../src/core/sync/claimWithdraw';

/** Withdrawing a lost claim while another process holds its bytes for a push (the window confirming it too). */
describe('claim withdrawal while the file is held for a push', () => {
  let dir: string;
  let path: string;
  const mine = '{"holder":"me"}\n';
  const winner = '{"holder":"winner"}\n';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coord-withdraw-'));
    path = join(dir, '7.json');
    writeFileSync(path, mine);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits out the hold and then replaces the lost claim with the winner', async () => {
    const hold = holdClaimFile(path, mine);
    assert.notEqual(typeof hold, 'string');
    // Without waiting, the held file is left as it is (the caller would be told "withdrawn" with the claim in place).
    assert.equal(replaceClaimFile(path, mine, winner), false);
    const replacing = replaceClaimFileWhenFree(path, mine, winner);
    setTimeout(() => (hold as { release(): void }).release(), 200);
    assert.equal(await replacing, true);
    assert.equal(readFileSync(path, 'utf8'), winner);
  });

  it('leaves a file that moved on meanwhile (released here) as it is', async () => {
    writeFileSync(path, '{"holder":"me","renewed":true}\n');
    assert.equal(await replaceClaimFileWhenFree(path, mine, null), false);
    assert.ok(existsSync(path));
  });
});
