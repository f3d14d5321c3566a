import { strict as assert } from 'node:assert';
import { openContext, type CoordContext } from '../../src/core/records/context';
import { listPathClaims } from '../../src/core/claims/pathClaims';
import { globsOverlap } from '../../src/core/records/pathGlob';
import { startSession } from '../../src/core/sessions/sessions';
import { loadProcs, type Procs } from '../helpers/scriptsLib';
import { makeTempTree, type TempTree } from '../helpers/tempTree';

// Globs that overlap pairwise (every one covers src/core/claims.ts), each claimed by its own racing process.
const overlapping = [
  'src/**',
  'src/core/**',
  'src/core',
  'src/core/claims.ts',
  '**/*.ts',
  'src/{core,cli}/*.ts',
  'src/*/claims.*',
  '**',
];
const rounds = Number(process.env.COORD_PATH_RACE_ROUNDS ?? 4);

describe('cli: racing path claims (real coord processes, real files)', function () {
  this.timeout(180_000);
  let procs: Procs;
  let tree: TempTree;
  let ctx: CoordContext;

  before(async () => {
    procs = await loadProcs();
  });
  beforeEach(() => {
    tree = makeTempTree();
    ctx = openContext(tree.root);
  });
  afterEach(() => tree.cleanup());

  it(`exactly one of ${overlapping.length} processes claiming different overlapping globs wins, ${rounds} rounds; every loser names it`, async () => {
    for (const glob of overlapping)
      for (const other of overlapping) assert.ok(globsOverlap(glob, other), `${glob} / ${other}`);
    for (let round = 0; round < rounds; round++) {
      const sessions = overlapping.map((_, i) => startSession(ctx, { name: `round ${round} racer ${i}` }).id);
      const results = await procs.raceCoord(
        overlapping.map((glob, i) => ({ session: sessions[i], args: ['claim', 'path', glob, '--json'] })),
        { cwd: tree.root },
      );
      const winners = results.filter((r) => r.code === 0);
      assert.equal(
        winners.length,
        1,
        `round ${round}: ${results.map((r) => `${r.code} ${r.stdout}${r.stderr}`).join('\n')}`,
      );
      const winner = winners[0]!;
      for (const loser of results.filter((r) => r !== winner)) {
        assert.equal(loser.code, 1, loser.stderr);
        assert.equal(loser.json?.error?.details?.holder, winner.session, loser.stdout);
      }
      const live = listPathClaims(ctx).filter((v) => !v.free);
      assert.deepEqual(
        live.map((v) => v.claim.holder),
        [winner.session],
      );
      // Free the files for the next round: the winner releases.
      procs.runCoordSync(['release', 'path', winner.json.claim.glob], {
        cwd: tree.root,
        session: winner.session!,
        expectCode: 0,
      });
    }
  });

  it('shared claims of the same glob by racing processes all succeed, each in its own file', async () => {
    const sessions = Array.from({ length: 6 }, (_, i) => startSession(ctx, { name: `sharer ${i}` }).id);
    const results = await procs.raceCoord(
      sessions.map((session) => ({ session, args: ['claim', 'path', 'docs/**', '--shared', '--json'] })),
      { cwd: tree.root },
    );
    assert.deepEqual(
      results.map((r) => r.code),
      sessions.map(() => 0),
      results.map((r) => r.stderr).join('\n'),
    );
    assert.deepEqual(
      listPathClaims(ctx)
        .map((v) => v.claim.holder)
        .sort(),
      [...sessions].sort(),
    );
  });
});
