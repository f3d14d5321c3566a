import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The claim checker of issue 11 (scripts/lib/claimChecker.mjs): real `coord` processes and `coord watch` loops in
 * worktrees and clones of a bare remote, with agents killed, loops killed and the remote renamed away. Here at a
 * bounded size with a fresh seed each run (printed; replay with COORD_CHECK_SEED); `npm run stress` runs it at
 * full size (scripts/stress/claims.mjs).
 */
type CheckerLib = typeof import('../../scripts/lib/claimChecker.mjs', { with: { 'resolution-mode': 'import' } });
const loadChecker = (): Promise<CheckerLib> =>
  import(pathToFileURL(resolve(__dirname, '../../../scripts/lib/claimChecker.mjs')).href) as Promise<CheckerLib>;

describe('claim checker (issue 11): worktrees and clones, kills and outages, judged afterwards', function () {
  this.timeout(15 * 60_000);
  let lib: CheckerLib;
  before(async () => (lib = await loadChecker()));

  it('compares the fixed globs as the product does: a folder overlaps what is below it, siblings do not', () => {
    const overlapping = new Set([
      'src/**|src/a/**',
      'src/**|src/a/x.ts',
      'src/**|src/b/*.ts',
      'src/a/**|src/a/x.ts',
      'docs/*|docs/readme.md',
    ]);
    for (const a of lib.defaultGlobs) {
      for (const b of lib.defaultGlobs) {
        const expected = a === b || overlapping.has(`${a}|${b}`) || overlapping.has(`${b}|${a}`);
        assert.equal(lib.globsOverlap(a, b), expected, `${a} vs ${b}`);
      }
    }
  });

  it('bounded run (2 worktrees + 2 clones, about a minute and ≥ 300 agent operations): 0 violations', async () => {
    const { minOperations, maxDurationMs } = lib.boundedConfig;
    const result = await lib.runClaimCheck({
      ...lib.boundedConfig,
      log: (text) => console.log(`      claim-check: ${text}`),
    });
    console.log(result.report(0).replace(/^/gm, '      '));
    // A run that did nothing would pass vacuously: it must have worked enough, contended, held, killed and faulted.
    const c = result.counts;
    assert.ok(
      c.stoppedBy !== 'time cap' && c.agentOperations >= minOperations,
      `seed ${result.seed}: only ${c.agentOperations} of the ${minOperations} agent operations a run must do to mean ` +
        `anything, when the cap of ${maxDurationMs / 1000} s was reached (a machine too slow to judge)`,
    );
    assert.ok(c.holds >= 10 && c.refusedClaims >= 1, `${c.holds} holds, ${c.refusedClaims} refused claims`);
    assert.ok(
      c.agentsKilled >= 1 && c.loopKills >= 1 && c.outages >= 1,
      `${c.agentsKilled} agents killed, ${c.loopKills} loops killed, ${c.outages} outages`,
    );
    assert.ok(c.messagesSent >= 1, 'no message was sent');
    assert.equal(result.violations.length, 0, `seed ${result.seed}:\n${result.report(30)}`);
  });

  // Its power must not hang on the machine's speed: it runs until an exclusion violation is certain, or for
  // brokenConfig.operations agent operations (far more than any measured seed needed), not for a time.
  it('catches a deliberately broken claim (check-then-write instead of exclusive create): exclusion violations', async () => {
    const { operations, maxDurationMs } = lib.brokenConfig;
    const result = await lib.runClaimCheck({
      ...lib.brokenConfig,
      log: (text) => console.log(`      claim-check: ${text}`),
    });
    console.log(result.report(0).replace(/^/gm, '      '));
    const c = result.counts;
    const exclusion = result.violations.filter((v) => v.check === '1 exclusion');
    if (exclusion.length === 0 && c.stoppedBy === 'time cap') {
      assert.fail(
        `seed ${result.seed}: the cap of ${maxDurationMs / 1000} s was reached after only ${c.agentOperations} ` +
          `of the ${operations} agent operations the broken variant is given, with no exclusion violation yet ` +
          `(a machine too slow to judge; COORD_CHECK_SEED=${result.seed} replays it):\n${result.report(10)}`,
      );
    }
    assert.ok(
      exclusion.length > 0,
      `seed ${result.seed}: the broken claim went unnoticed in ${c.agentOperations} agent operations:\n` +
        result.report(10),
    );
  });
});
