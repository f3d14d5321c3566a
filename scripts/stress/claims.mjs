// The claim checker at full size for `npm run stress` (issues 11 and 14): 2 worktrees + 6 clones of a bare remote, 2 agents
// per checkout, at least 6,000 agent operations with agents and loops killed and the remote away at random, then
// judged (scripts/lib/claimChecker.mjs): exclusion, no false loss, no resurrection, delivery, takeover, files.
// test/cli/claimChecker.test.ts runs the same checker at a bounded size.
//
// scripts/stress.mjs calls `claimsStress` with its `figure` and `log`. Standalone (exit 1 on any violation):
//   node scripts/stress/claims.mjs [--operations 6000] [--worktrees 2] [--clones 6] [--agents 2] [--seed N] [--keep]
// The seed is printed; COORD_CHECK_SEED=N (or --seed N) replays its choices.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatReport, fullConfig, runClaimCheck } from '../lib/claimChecker.mjs';

export async function claimsStress({ figure, log, operations = 6000, worktrees = fullConfig.worktrees, clones = fullConfig.clones, agents = fullConfig.agentsPerCheckout, seed, keep = false }) {
  const result = await runClaimCheck({
    ...fullConfig, operations, worktrees, clones, agentsPerCheckout: agents, keep,
    ...(seed !== undefined ? { seed } : {}),
    log: (text) => log(`claims: ${text}`),
  });
  const c = result.counts;
  for (const line of formatReport(result, 30).split('\n')) log(`claims: ${line}`);
  figure(
    `claim checker: ${worktrees} worktrees + ${clones} clones, ${c.agentOperations} operations (seed ${result.seed})`,
    `${result.violations.length} violations`,
    '0 violations',
    result.violations.length === 0 && c.agentOperations >= operations,
    `${c.seconds} s; ${c.holds} holds, ${c.agentsKilled} agents and ${c.loopKills} loops killed, ${c.outages} outages${result.violations.length ? `; ${Object.entries(result.byCheck).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}`,
  );
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      operations: { type: 'string', default: '6000' },
      worktrees: { type: 'string', default: String(fullConfig.worktrees) },
      clones: { type: 'string', default: String(fullConfig.clones) },
      agents: { type: 'string', default: String(fullConfig.agentsPerCheckout) },
      seed: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const rows = [];
  const result = await claimsStress({
    figure: (label, measured, target, pass, note = '') => rows.push({ label, measured, target, pass, note }),
    log: (text) => process.stderr.write(`stress: ${text}\n`),
    operations: Number(values.operations), worktrees: Number(values.worktrees), clones: Number(values.clones), agents: Number(values.agents),
    seed: values.seed !== undefined ? Number(values.seed) : undefined, keep: values.keep,
  });
  for (const r of rows) console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.label}: ${r.measured} (target ${r.target}) ${r.note}`);
  console.log(`seed ${result.seed}; operations by kind: ${Object.entries(result.counts.byOp).map(([op, s]) => `${op} ${s.n}`).join(', ')}`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
