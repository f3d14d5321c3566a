import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { listClaims, releaseClaim, renewClaim, renewHeldClaims, takeClaim } from '../../../src/core/claims/claims';
import { CoordError } from '../../../src/core/store/errors';
import { claimsCoveringPath, listPathClaims, pathClaimName } from '../../../src/core/claims/pathClaims';
import { markEnded, recordHeartbeat, startSession } from '../../../src/core/sessions/sessions';
import { coordError } from '../../helpers/coordError';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

describe('pathClaims', () => {
  const s = withAliceAndBob();

  function refusal(fn: () => unknown): CoordError {
    try {
      fn();
    } catch (error) {
      if (error instanceof CoordError) return error;
      throw error;
    }
    assert.fail('expected a refusal');
  }

  it('claims a glob under a key derived from it; the record names the glob', () => {
    const result = takeClaim(s.tree.ctx, s.alice, 'path', './src/core/**/', { reason: 'refactor' });
    assert.equal(result.outcome, 'acquired');
    assert.equal(result.claim.glob, 'src/core/**');
    assert.equal(result.claim.name, pathClaimName('src/core/**'));
    assert.match(result.claim.name, /^src-core-all-[0-9a-f]{16}$/);
    const onDisk = JSON.parse(readFileSync(s.tree.ctx.layout.claimFile('path', result.claim.name), 'utf8'));
    assert.equal(onDisk.glob, 'src/core/**');
    assert.equal(onDisk.shared, undefined);
  });

  it("refuses a claim overlapping another session's live one, naming it, its holder and the end of its lease", () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/core/**', { reason: 'refactor' });
    const error = refusal(() => takeClaim(s.tree.ctx, s.bob, 'path', 'src/core/claims.ts'));
    assert.equal(error.code, 'refused');
    assert.match(
      error.message,
      /^path src\/core\/claims\.ts overlaps path src\/core\/\*\*, held by alice-\w+ until \S+ \(refactor\)$/,
    );
    assert.equal(error.details?.holder, s.alice);
    assert.equal(error.details?.glob, 'src/core/**');
    assert.ok(typeof error.details?.expiresAt === 'string');
    assert.deepEqual(error.remedy, { action: 'ask-holder', holder: s.alice, overlapping: 'exclusive' });
    // Nothing was written for the refused claim.
    assert.deepEqual(
      listPathClaims(s.tree.ctx).map((v) => v.claim.holder),
      [s.alice],
    );
  });

  it('a folder claim and a file below it exclude each other in both orders', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'docs/guide/intro.md');
    assert.throws(
      () => takeClaim(s.tree.ctx, s.bob, 'path', 'docs'),
      coordError('refused', /overlaps path docs\/guide\/intro\.md/),
    );
    takeClaim(s.tree.ctx, s.bob, 'path', 'src');
    assert.throws(
      () => takeClaim(s.tree.ctx, s.alice, 'path', '{lib,src/x}/*.ts'),
      coordError('refused', /overlaps path src/),
    );
  });

  it('lets claims that do not overlap stand side by side', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/core/**');
    takeClaim(s.tree.ctx, s.bob, 'path', 'src/{cli,extension}/**');
    takeClaim(s.tree.ctx, s.bob, 'path', 'src/*.ts');
    assert.equal(listPathClaims(s.tree.ctx).length, 3);
  });

  it('lets one session hold overlapping claims of its own', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**');
    assert.equal(takeClaim(s.tree.ctx, s.alice, 'path', 'src/core/a.ts').outcome, 'acquired');
    assert.equal(takeClaim(s.tree.ctx, s.alice, 'path', 'src/**').outcome, 'already-held');
  });

  it('shared claims overlap each other, never an exclusive one', () => {
    const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
    takeClaim(s.tree.ctx, s.alice, 'path', 'docs/**', { shared: true });
    const bobs = takeClaim(s.tree.ctx, s.bob, 'path', 'docs/**', { shared: true });
    assert.equal(bobs.outcome, 'acquired');
    assert.equal(bobs.claim.shared, true);
    assert.notEqual(bobs.claim.name, pathClaimName('docs/**'), 'each shared holder has its own file');
    assert.throws(
      () => takeClaim(s.tree.ctx, carol, 'path', 'docs/a.md'),
      coordError('refused', /overlaps shared path docs\/\*\*/),
    );
    takeClaim(s.tree.ctx, carol, 'path', 'src/**');
    assert.throws(
      () => takeClaim(s.tree.ctx, s.alice, 'path', 'src/a.ts', { shared: true }),
      coordError('refused', /overlaps path src\/\*\*/),
    );
  });

  it('an expired claim, or one whose holder ended, blocks nobody', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**', { ttlSeconds: 60 });
    s.tree.clock.advance(61_000);
    assert.equal(takeClaim(s.tree.ctx, s.bob, 'path', 'src/a.ts').outcome, 'acquired');
    const carol = startSession(s.tree.ctx, { name: 'carol' });
    takeClaim(s.tree.ctx, carol.id, 'path', 'lib/**');
    markEnded(s.tree.ctx, carol);
    assert.equal(takeClaim(s.tree.ctx, s.bob, 'path', 'lib/x.ts').outcome, 'acquired');
  });

  it("takes over an overlapping claim that lapsed, so its holder's heartbeat cannot bring it back into an overlap", () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**', { ttlSeconds: 60 });
    s.tree.clock.advance(61_000);
    takeClaim(s.tree.ctx, s.bob, 'path', 'src/a.ts');
    assert.deepEqual(renewHeldClaims(s.tree.ctx, s.alice), [], "alice's expired claim is gone, nothing to renew");
    assert.deepEqual(
      listPathClaims(s.tree.ctx).map((v) => [v.claim.holder, v.claim.glob]),
      [[s.bob, 'src/a.ts']],
    );

    // A holder gone (no heartbeat for the gone threshold) but within its lease: the same.
    const carol = startSession(s.tree.ctx, { name: 'carol' }).id;
    takeClaim(s.tree.ctx, carol, 'path', 'lib/**');
    s.tree.clock.advance((s.tree.ctx.config.goneAfterSeconds + 1) * 1000);
    recordHeartbeat(s.tree.ctx, s.bob, {});
    takeClaim(s.tree.ctx, s.bob, 'path', 'lib/x.ts');
    recordHeartbeat(s.tree.ctx, carol, {});
    assert.deepEqual(renewHeldClaims(s.tree.ctx, carol), []);
    assert.deepEqual(
      listPathClaims(s.tree.ctx)
        .filter((v) => !v.free)
        .map((v) => v.claim.glob)
        .sort(),
      ['lib/x.ts', 'src/a.ts'],
    );
  });

  it('takes over the same glob once its lease ran out', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/**', { ttlSeconds: 60 });
    s.tree.clock.advance(61_000);
    const result = takeClaim(s.tree.ctx, s.bob, 'path', 'src/**');
    assert.equal(result.outcome, 'taken-over');
    assert.equal(result.previousHolder, s.alice);
  });

  it('renews and releases by glob or by key; a heartbeat renews path claims too', () => {
    const mine = takeClaim(s.tree.ctx, s.alice, 'path', 'src/**', { ttlSeconds: 60 }).claim;
    const shared = takeClaim(s.tree.ctx, s.alice, 'path', 'docs/**', { shared: true, ttlSeconds: 60 }).claim;
    s.tree.clock.advance(30_000);
    assert.equal(renewClaim(s.tree.ctx, s.alice, 'path', 'src/**').name, mine.name);
    assert.equal(
      renewClaim(s.tree.ctx, s.alice, 'path', 'docs/**').name,
      shared.name,
      "the caller's shared claim of that glob",
    );
    s.tree.clock.advance(30_000);
    assert.equal(renewHeldClaims(s.tree.ctx, s.alice).length, 2);
    assert.throws(
      () => releaseClaim(s.tree.ctx, s.bob, 'path', 'src/**'),
      coordError('refused', /you do not hold path\/src\/\*\*: alice-\w+ does/),
    );
    assert.equal(releaseClaim(s.tree.ctx, s.alice, 'path', 'src/**').claim.name, mine.name);
    assert.equal(releaseClaim(s.tree.ctx, s.alice, 'path', shared.name).claim.name, shared.name);
    assert.deepEqual(listClaims(s.tree.ctx), []);
  });

  it('refuses a bad glob with a usage error, and --shared on other claim types', () => {
    assert.throws(() => takeClaim(s.tree.ctx, s.alice, 'path', '../outside/**'), coordError('usage', /"\.\."/));
    assert.throws(() => takeClaim(s.tree.ctx, s.alice, 'path', '/etc/**'), coordError('usage', /absolute/));
    assert.throws(
      () => takeClaim(s.tree.ctx, s.alice, 'issue', '42', { shared: true }),
      coordError('usage', /only path claims can be shared/),
    );
  });

  it('a claim file with a malformed glob is reported, blocks nothing and breaks no listing', () => {
    const dir = join(s.tree.ctx.layout.claimsDir, 'path');
    mkdirSync(dir, { recursive: true });
    const now = new Date(s.tree.clock.now()).toISOString();
    for (const [name, glob] of [
      ['bad-bracket', 'src/[ab'],
      ['bad-dots', '../etc/**'],
      ['bad-form', './src//x'],
    ] as const) {
      writeFileSync(
        join(dir, `${name}.json`),
        JSON.stringify({
          object: 'claim',
          version: 1,
          type: 'path',
          name,
          holder: s.bob,
          acquiredAt: now,
          renewedAt: now,
          ttl: 7200,
          transitions: 0,
          glob,
        }),
      );
    }
    const sink = new DiagnosticSink();
    assert.deepEqual(listPathClaims(s.tree.ctx, sink), []);
    assert.equal(sink.items.length, 3);
    assert.ok(
      sink.items.every((d) => /glob/.test(d.reason)),
      JSON.stringify(sink.items),
    );
    assert.equal(takeClaim(s.tree.ctx, s.alice, 'path', 'src/**').outcome, 'acquired');
    assert.deepEqual(
      claimsCoveringPath(listPathClaims(s.tree.ctx), 'src/a').map((v) => v.claim.holder),
      [s.alice],
    );
  });

  it('finds the live claims covering a file', () => {
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/core/**');
    takeClaim(s.tree.ctx, s.alice, 'path', 'src/core/x/**');
    takeClaim(s.tree.ctx, s.bob, 'path', 'docs/**', { ttlSeconds: 60 });
    const views = listPathClaims(s.tree.ctx);
    assert.deepEqual(
      claimsCoveringPath(views, 'src/core/x/a.ts')
        .map((v) => v.claim.glob)
        .sort(),
      ['src/core/**', 'src/core/x/**'],
    );
    assert.deepEqual(claimsCoveringPath(views, 'README.md'), []);
    s.tree.clock.advance(61_000);
    assert.deepEqual(
      claimsCoveringPath(listPathClaims(s.tree.ctx), 'docs/a.md'),
      [],
      'an expired claim covers nothing',
    );
  });
});
