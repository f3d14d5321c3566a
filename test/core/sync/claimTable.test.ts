import { strict as assert } from 'node:assert';
import {
  classifyClaim,
  decideClaim,
  type AuthorityValue,
  type ClaimAction,
  type ClaimCell,
  type HolderState,
  type LeaseState,
  type LocalIntent,
} from '../../../src/core/sync/claimTable';
import type { Claim } from '../../../src/core/records/claim';

const locals: LocalIntent[] = ['none', 'projection', 'held', 'intent'];
const authorities: AuthorityValue[] = ['absent', 'same', 'sameLease', 'ours', 'other', 'invalid'];
const leases: LeaseState[] = ['live', 'expired'];
const holders: HolderState[] = ['alive', 'done', 'self'];

/** Cells that cannot occur: "same" and "sameLease" need a local file; "ours" is only told apart when there is none. */
function possible(cell: ClaimCell): boolean {
  if (cell.local === 'none' && (cell.authority === 'same' || cell.authority === 'sameLease')) return false;
  if (cell.local !== 'none' && cell.authority === 'ours') return false;
  return true;
}

/** The table written out, cell by cell, as docs/decisions.md says it in words. */
function expected(cell: ClaimCell): ClaimAction {
  const free = cell.lease === 'expired' || cell.holder !== 'alive';
  switch (cell.local) {
    case 'none':
      return cell.authority === 'ours' ? 'delete' : cell.authority === 'other' ? 'adopt' : 'settled';
    case 'projection':
      return cell.authority === 'same' ? 'settled' : 'adopt';
    case 'held':
      return cell.authority === 'same' ? 'settled' : cell.authority === 'sameLease' ? 'publish' : 'withdraw';
    case 'intent':
      if (cell.authority === 'same') return 'settled';
      if (cell.authority === 'absent' || cell.authority === 'sameLease') return 'publish';
      return free ? 'publish' : 'withdraw';
  }
}

describe('claimTable: the one state table for a claim with a remote authority', () => {
  const cells: ClaimCell[] = [];
  for (const local of locals)
    for (const authority of authorities)
      for (const lease of leases)
        for (const holder of holders) {
          const cell = { local, authority, lease, holder };
          if (possible(cell)) cells.push(cell);
        }

  it(`decides every one of the ${cells.length} possible cells as written out`, () => {
    for (const cell of cells) assert.equal(decideClaim(cell), expected(cell), JSON.stringify(cell));
  });

  it('exclusion: a lease of this tree is never published over another live lease of a live holder', () => {
    for (const cell of cells) {
      if (cell.authority !== 'other' && cell.authority !== 'invalid') continue;
      if (cell.lease === 'live' && cell.holder === 'alive')
        assert.notEqual(decideClaim(cell), 'publish', JSON.stringify(cell));
    }
  });

  it('no false loss: only a lease of this tree is ever withdrawn, and never while the authority holds it', () => {
    for (const cell of cells) {
      if (decideClaim(cell) !== 'withdraw') continue;
      assert.ok(cell.local === 'held' || cell.local === 'intent', JSON.stringify(cell));
      assert.ok(cell.authority !== 'same' && cell.authority !== 'sameLease', JSON.stringify(cell));
    }
  });

  it('no resurrection: a lease gone from the authority is published again only if never seen there (a pending intent)', () => {
    for (const cell of cells) {
      if (cell.authority === 'absent' && decideClaim(cell) === 'publish')
        assert.equal(cell.local, 'intent', JSON.stringify(cell));
    }
  });

  it('deletes on the authority only a lease of this tree whose file is gone here', () => {
    for (const cell of cells)
      if (decideClaim(cell) === 'delete') assert.deepEqual([cell.local, cell.authority], ['none', 'ours']);
  });
});

describe('claimTable: classifying concrete values', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const lease = (holder: string, acquiredAt: string, renewedAt = acquiredAt): Claim => ({
    object: 'claim',
    version: 1,
    type: 'issue',
    name: '1',
    holder,
    acquiredAt,
    renewedAt,
    ttl: 600,
    transitions: 0,
  });
  const own = new Set(['me']);
  const base = {
    authoritySeenAt: now,
    now,
    defaultTtlSeconds: 7200,
    isOwnSession: (id: string) => own.has(id),
    holderDone: (id: string) => id === 'ended',
  };
  const mine = lease('me', '2026-01-01T11:00:00Z');
  const renewed = lease('me', '2026-01-01T11:00:00Z', '2026-01-01T11:30:00Z');
  const theirs = lease('them', '2026-01-01T10:00:00Z');

  it('a lease of this tree never seen on the authority is an intent; seen there, it is held', () => {
    assert.equal(classifyClaim({ ...base, local: { oid: 'a', claim: mine }, authority: null }).local, 'intent');
    assert.equal(
      classifyClaim({
        ...base,
        local: { oid: 'a', claim: mine },
        authority: null,
        knownLease: { holder: 'me', acquiredAt: mine.acquiredAt },
      }).local,
      'held',
    );
  });

  it("another computer's session's file is a projection, whatever this tree knew", () => {
    assert.equal(classifyClaim({ ...base, local: { oid: 't', claim: theirs }, authority: null }).local, 'projection');
  });

  it('same bytes, a renewal of the same lease, another lease, an invalid ref', () => {
    const local = { oid: 'a', claim: mine };
    assert.equal(classifyClaim({ ...base, local, authority: { oid: 'a', claim: mine } }).authority, 'same');
    assert.equal(classifyClaim({ ...base, local, authority: { oid: 'b', claim: renewed } }).authority, 'sameLease');
    assert.equal(classifyClaim({ ...base, local, authority: { oid: 't', claim: theirs } }).authority, 'other');
    assert.equal(classifyClaim({ ...base, local, authority: { oid: 'x' } }).authority, 'invalid');
  });

  it('with no file here, a lease of this tree on the authority is ours (released here)', () => {
    assert.equal(classifyClaim({ ...base, local: null, authority: { oid: 'a', claim: mine } }).authority, 'ours');
    assert.equal(classifyClaim({ ...base, local: null, authority: { oid: 't', claim: theirs } }).authority, 'other');
  });

  it("the authority's lease expires by this clock from when it was first seen, not by its timestamps", () => {
    const input = { ...base, local: { oid: 'a', claim: mine }, authority: { oid: 't', claim: theirs } };
    // theirs was renewed two hours ago by its own clock, but this computer saw it only now: live.
    assert.equal(classifyClaim(input).lease, 'live');
    assert.equal(classifyClaim({ ...input, authoritySeenAt: now - 600_001 }).lease, 'expired');
  });

  it('an ended holder is done; the same session competing with an older lease of its own is self', () => {
    const local = { oid: 'a', claim: mine };
    assert.equal(
      classifyClaim({ ...base, local, authority: { oid: 'e', claim: lease('ended', theirs.acquiredAt) } }).holder,
      'done',
    );
    assert.equal(
      classifyClaim({ ...base, local, authority: { oid: 'o', claim: lease('me', '2026-01-01T09:00:00Z') } }).holder,
      'self',
    );
    assert.equal(classifyClaim({ ...base, local, authority: { oid: 't', claim: theirs } }).holder, 'alive');
  });
});
