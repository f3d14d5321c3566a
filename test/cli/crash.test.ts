import { strict as assert } from 'node:assert';
import { openContext, type CoordContext } from '../../src/core/records/context';
import { readRecord } from '../../src/core/records/recordReader';
import { claimSchema } from '../../src/core/records/claim';
import { messageSchema } from '../../src/core/records/message';
import { protocolFileSchema } from '../../src/core/records/protocolFile';
import { sessionSchema } from '../../src/core/records/session';
import { workItemSchema } from '../../src/core/records/workItem';
import type { Schema } from '../../src/core/store/schemaIssues';
import { startSession } from '../../src/core/sessions/sessions';
import { loadProcs, loadTreeGenerator, type Procs } from '../helpers/scriptsLib';
import { makeTempTree, type TempTree } from '../helpers/tempTree';

// Sized for `npm test`; `npm run stress` kills 500.
const kills = Number(process.env.COORD_CRASH_KILLS ?? 60);

const schemas: Record<string, [Schema<unknown>, string]> = {
  protocol: [protocolFileSchema, 'protocol'],
  session: [sessionSchema, 'session'],
  claim: [claimSchema, 'claim'],
  message: [messageSchema, 'message'],
  work: [workItemSchema, 'work'],
};

describe('cli: writers killed with SIGKILL (real processes, real files)', function () {
  this.timeout(180_000);
  let procs: Procs;
  let tree: TempTree;
  let ctx: CoordContext;
  let sessions: string[];

  before(async () => {
    procs = await loadProcs();
    tree = makeTempTree();
    ctx = openContext(tree.root);
    sessions = Array.from({ length: 4 }, (_, i) => startSession(ctx, { name: `writer ${i}` }).id);
  });

  after(() => tree.cleanup());

  /** Every record file in the tree, read with the core's own reader and schema: each must parse. */
  function invalidRecords(): string[] {
    const problems: string[] = [];
    let records = 0;
    for (const { path, rel } of procs.listRecordFiles(ctx.layout.dir)) {
      const kind = procs.recordKindOf(rel);
      if (!kind) continue;
      const [schema, object] = schemas[kind]!;
      const result = readRecord(path, schema, object);
      if (result.ok) records++;
      else if (!result.missing) problems.push(`${rel}: ${result.reason}`);
    }
    assert.ok(records > 0, 'the tree holds no records at all');
    return problems;
  }

  it(`every record still parses after ${kills} writers were killed at random moments`, async () => {
    const { makeRng } = await loadTreeGenerator();
    const seed = Number(process.env.COORD_CRASH_SEED ?? Date.now() % 100_000);
    const afterKill: string[] = [];
    let checks = 0;
    const stats = await procs.crashLoop({
      cwd: tree.root,
      sessions,
      kills,
      rng: makeRng(seed),
      concurrency: 3,
      onKill: async (result) => {
        checks++;
        for (const problem of invalidRecords())
          afterKill.push(`after killing \`coord ${result.args.join(' ')}\`: ${problem}`);
      },
    });
    assert.ok(stats.kills >= kills, `only ${stats.kills} of ${stats.runs} runs were killed (seed ${seed})`);
    assert.ok(checks >= kills);
    assert.deepEqual(afterKill, [], `seed ${seed}`);
    assert.deepEqual(stats.unexpected, [], `runs that were not killed must exit 0 or 1 without a crash (seed ${seed})`);
    // Writers of every kind were killed, not only one.
    for (const op of ['heartbeat', 'claim', 'send', 'work add'])
      assert.ok((stats.byOp[op]?.killed ?? 0) > 0, `no ${op} was killed (seed ${seed}): ${JSON.stringify(stats.byOp)}`);

    const doctor = procs.runCoordSync(['doctor', '--json'], { cwd: tree.root, expectCode: 0 });
    assert.deepEqual(doctor.json.problems, [], `coord doctor (seed ${seed})`);
    assert.ok(doctor.json.checked > sessions.length, 'doctor checked the records');
  });

  it('the tree stays usable after the kills: every writer succeeds again', async () => {
    const [a, b] = sessions as [string, string];
    const run = (args: string[], session: string) =>
      procs.runCoordSync([...args, '--json'], { cwd: tree.root, session });
    assert.equal(run(['heartbeat'], a).json.ok, true);
    assert.equal(run(['claim', 'after', 'crash'], a).json.outcome, 'acquired');
    assert.equal(run(['renew', 'after', 'crash'], a).json.ok, true);
    assert.equal(run(['release', 'after', 'crash'], a).json.ok, true);
    assert.equal(run(['send', b, 'still here', 'yes'], a).json.ok, true);
    assert.equal(run(['work', 'add', 'after the crash'], a).json.ok, true);
    assert.deepEqual(invalidRecords(), []);
  });
});
