import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openContext, type CoordContext } from '../../src/core/records/context';
import { recordHeartbeat, startSession } from '../../src/core/sessions/sessions';
import { addWork } from '../../src/core/work/work';
import { readRecord } from '../../src/core/records/recordReader';
import { claimSchema } from '../../src/core/records/claim';
import { loadProcs, type Procs } from '../helpers/scriptsLib';
import { makeTempTree, type TempTree } from '../helpers/tempTree';

// Sized for `npm test` on a 2-core machine; `npm run stress` runs 64 processes × 200 rounds.
const racers = Number(process.env.COORD_RACE_PROCS ?? 16);
const rounds = Number(process.env.COORD_RACE_ROUNDS ?? 10);

describe('cli: racing processes (real coord processes, real files)', function () {
  this.timeout(180_000);
  let procs: Procs;
  let tree: TempTree;
  let ctx: CoordContext;
  let sessions: string[];
  let claimsDir: string;

  before(async () => {
    procs = await loadProcs();
    tree = makeTempTree();
    // The system clock, not the test clock: the racing processes judge liveness and leases by real time.
    ctx = openContext(tree.root);
    sessions = Array.from({ length: racers }, (_, i) => startSession(ctx, { name: `racer ${i}` }).id);
    claimsDir = join(ctx.layout.dir, 'claims');
  });

  after(() => tree.cleanup());

  function claimRuns(type: string, name: string, who = sessions) {
    // Half the racers ask for --json, half read the text, so both forms of the refusal are checked.
    return who.map((session, i) => ({ session, args: ['claim', type, name, ...(i % 2 === 0 ? ['--json'] : [])] }));
  }

  function assertClaimFile(type: string, name: string, holder: string, transitions: number): void {
    const result = readRecord(join(claimsDir, type, `${name}.json`), claimSchema, 'claim');
    assert.ok(result.ok, `claim file ${type}/${name} does not parse: ${JSON.stringify(result)}`);
    assert.equal(result.value.holder, holder);
    assert.equal(result.value.transitions, transitions);
  }

  it(`exactly one of ${racers} racing \`coord claim\` wins each of ${rounds} rounds; every loser exits 1 naming the winner`, async () => {
    const winners = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const name = `round-${round}`;
      const results = await procs.raceCoord(claimRuns('race', name), { cwd: tree.root });
      assert.equal(results.length, racers);
      const judged = procs.judgeClaimRace(results, {
        claimFile: join(claimsDir, 'race', `${name}.json`),
        expectOutcome: 'acquired',
        expectTransitions: 0,
      });
      assert.deepEqual(judged.violations, [], `round ${round}`);
      assert.ok(judged.winner);
      assert.equal(results.filter((r) => r.code === 1).length, racers - 1, `round ${round}: losers`);
      assertClaimFile('race', name, judged.winner, 0);
      winners.set(judged.winner, (winners.get(judged.winner) ?? 0) + 1);
    }
    assert.equal(
      [...winners.values()].reduce((a, b) => a + b, 0),
      rounds,
    );
  });

  it('exactly one racer takes over an expired claim (an expired claim file); transitions go up by one', async () => {
    const oldHolder = startSession(ctx, { name: 'old holder' }).id;
    for (let round = 0; round < 2; round++) {
      const name = `expired-${round}`;
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      mkdirSync(join(claimsDir, 'takeover'), { recursive: true });
      const expired = {
        object: 'claim',
        version: 1,
        type: 'takeover',
        name,
        holder: oldHolder,
        acquiredAt: hourAgo,
        renewedAt: hourAgo,
        ttl: 60,
        transitions: 3 + round,
      };
      writeFileSync(join(claimsDir, 'takeover', `${name}.json`), `${JSON.stringify(expired, null, 2)}\n`);
      const results = await procs.raceCoord(claimRuns('takeover', name), { cwd: tree.root });
      const judged = procs.judgeClaimRace(results, {
        claimFile: join(claimsDir, 'takeover', `${name}.json`),
        expectOutcome: 'taken-over',
        expectTransitions: 4 + round,
        previousHolder: oldHolder,
      });
      assert.deepEqual(judged.violations, [], `round ${round}`);
      assertClaimFile('takeover', name, judged.winner!, 4 + round);
    }
  });

  it('exactly one racer takes over a claim made with `--ttl 1` once it ran out', async () => {
    const holder = startSession(ctx, { name: 'short lease' }).id;
    const made = procs.runCoordSync(['claim', 'takeover', 'short', '--ttl', '1', '--json'], {
      cwd: tree.root,
      session: holder,
    });
    assert.equal(made.json.outcome, 'acquired');
    await new Promise((r) => setTimeout(r, 1_200));
    const results = await procs.raceCoord(claimRuns('takeover', 'short'), { cwd: tree.root });
    const judged = procs.judgeClaimRace(results, {
      claimFile: join(claimsDir, 'takeover', 'short.json'),
      expectOutcome: 'taken-over',
      expectTransitions: 1,
      previousHolder: holder,
    });
    assert.deepEqual(judged.violations, []);
    assertClaimFile('takeover', 'short', judged.winner!, 1);
  });

  it('racing `coord work next`: each ready item goes to one session, each process gets a distinct item or exits 1', async () => {
    // Racers are kept alive by a heartbeat so that none of their earlier claims counts as free.
    for (const s of sessions) recordHeartbeat(ctx, s, {});
    const perRound = Math.max(1, Math.floor(racers / 2) - 2);
    for (let round = 0; round < 2; round++) {
      const items = Array.from(
        { length: perRound },
        (_, i) => addWork(ctx, `race item ${round}-${i}`, { priority: 10 + i }).id,
      );
      const results = await procs.raceCoord(
        sessions.map((session) => ({ session, args: ['work', 'next', '--json'] })),
        { cwd: tree.root },
      );
      const judged = procs.judgeWorkNextRace(results, { treeDir: ctx.layout.dir, itemIds: items });
      assert.deepEqual(judged.violations, [], `round ${round}`);
      assert.equal(judged.claimed.size, perRound);
      assert.equal(results.filter((r) => r.code === 1).length, racers - perRound);
      for (const [item, holder] of judged.claimed) assertClaimFile('work', item, holder, 0);
    }
  });
});
