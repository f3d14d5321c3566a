#!/usr/bin/env node
// npm run stress [-- --rounds 200] [--procs 64] [--kills 500] [--hostile 10000] [--sync-rounds 100] [--sync-messages 50]
//                  [--sync-computers 20] [--claim-ops 6000] [--seed N] [--keep]
//
// The full-size versions of test/cli/claimRace, crash and hostile, with real `coord` processes on real folders:
//   1. `--procs` processes race for one claim, `--rounds` times: every round exactly one winner, every loser
//      told who won, the claim file intact;
//   2. writers killed with SIGKILL `--kills` times at random moments: 0 invalid record files;
//   3. `--hostile` hostile files: 0 crashes of status / claims / inbox / work list / doctor, every bad file
//      reported by `coord doctor`, nothing changed.
//   4. across computers (scripts/stress/sync.mjs): 8 clones race for one claim through a bare remote
//      `--sync-rounds` times, 30 sessions × `--sync-messages` messages survive an outage of the remote, and
//      `--sync-computers` clones sync at once: 0 failed rounds, 0 refused publishes, everyone sees everything.
//   5. the claim checker (scripts/stress/claims.mjs): 2 worktrees + 6 clones, `--claim-ops` random operations
//      with kills and outages: 0 violations (0 skips it).
// Prints a table; exits non-zero when any figure misses its target.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cliPath, crashLoop, judgeClaimRace, looksLikeCrash, quickCheckRecords, raceCoord, runCoord, runCoordSync, startSession,
} from './lib/coordProcs.mjs';
import { makeRng } from './lib/generateTree.mjs';
import { brokenTreeVariants, diffSnapshots, generateHostileCorpus, rawControlPattern, snapshotTree } from './lib/hostileCorpus.mjs';
import { syncStress } from './stress/sync.mjs';
import { claimsStress } from './stress/claims.mjs';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    procs: { type: 'string', default: '64' },
    kills: { type: 'string', default: '500' },
    hostile: { type: 'string', default: '10000' },
    'sync-rounds': { type: 'string', default: '100' },
    'sync-messages': { type: 'string', default: '50' },
    'sync-computers': { type: 'string', default: '20' },
    'claim-ops': { type: 'string', default: '6000' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(opts.rounds);
const procs = Number(opts.procs);
const kills = Number(opts.kills);
const hostile = Number(opts.hostile);
const seed = opts.seed !== undefined ? Number(opts.seed) : Date.now() % 1_000_000;
if (!existsSync(cliPath)) {
  console.error(`stress: ${cliPath} is missing; run \`npm run stress\` (it builds first) or \`node esbuild.mjs\``);
  process.exit(2);
}

const cleanups = [];
function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!opts.keep) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const log = (text) => process.stderr.write(`stress: ${text}\n`);
const figures = [];
/** One row of the result table: `measured` must satisfy `ok`. */
function figure(label, measured, target, ok, note = '') {
  figures.push({ label, measured: String(measured), target, pass: ok, note });
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Claim races

async function claimRaces() {
  const root = tempDir('coord-stress-race-');
  runCoordSync(['init'], { cwd: root });
  log(`starting ${procs} sessions`);
  const sessions = Array.from({ length: procs }, (_, i) => startSession(root, `racer ${i}`));
  const dir = join(root, 'docs', 'coordination');
  let lastBeat = Date.now();
  let clean = 0;
  const failures = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    // Racers must stay alive for the whole run: a gone holder's claim is free, which is another test.
    if (Date.now() - lastBeat > 60_000) {
      await Promise.all(sessions.map((s) => runCoord(['heartbeat'], { cwd: root, session: s })));
      lastBeat = Date.now();
    }
    const name = `round-${round}`;
    const results = await raceCoord(sessions.map((session, i) => ({ session, args: ['claim', 'race', name, ...(i % 2 === 0 ? ['--json'] : [])] })), { cwd: root });
    const judged = judgeClaimRace(results, { claimFile: join(dir, 'claims', 'race', `${name}.json`), expectOutcome: 'acquired', expectTransitions: 0 });
    if (judged.violations.length === 0) clean++;
    else failures.push(`round ${round}: ${judged.violations.slice(0, 3).join('; ')}`);
    if ((round + 1) % 10 === 0) log(`race round ${round + 1}/${rounds}: ${clean} clean`);
  }
  const seconds = (performance.now() - started) / 1000;
  figure(`${procs} processes race one claim × ${rounds} rounds`, `${clean} of ${rounds} rounds with exactly one winner`, `${rounds} of ${rounds}`, clean === rounds, `${seconds.toFixed(0)} s`);
  for (const f of failures.slice(0, 10)) log(f);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Writers killed with SIGKILL

async function kills9() {
  const root = tempDir('coord-stress-kill-');
  runCoordSync(['init'], { cwd: root });
  const sessions = Array.from({ length: 6 }, (_, i) => startSession(root, `writer ${i}`));
  const dir = join(root, 'docs', 'coordination');
  const invalid = new Map();
  let doctorProblems = 0;
  let checks = 0;
  const started = performance.now();
  const rng = makeRng(seed);
  const stats = await crashLoop({
    cwd: root, sessions, kills, rng, concurrency: Number(opts.concurrency),
    onKill: async (result) => {
      checks++;
      for (const problem of quickCheckRecords(dir)) if (!invalid.has(problem)) invalid.set(problem, result.args.join(' '));
      if (checks % 50 === 0) {
        const doctor = await runCoord(['doctor', '--json'], { cwd: root });
        doctorProblems = Math.max(doctorProblems, doctor.json?.problems?.length ?? 1);
        log(`${checks} kills, ${invalid.size} invalid files, doctor ${doctor.json?.problems?.length ?? 'failed'} problem(s)`);
      }
    },
  });
  const doctor = runCoordSync(['doctor', '--json'], { cwd: root, expectCode: undefined });
  const finalProblems = doctor.json?.problems?.length ?? -1;
  const seconds = (performance.now() - started) / 1000;
  figure(`writers killed with SIGKILL × ${stats.kills}`, `${invalid.size} invalid files`, '0 invalid files', invalid.size === 0 && stats.kills >= kills,
    `${stats.runs} runs, ${seconds.toFixed(0)} s; killed: ${Object.entries(stats.byOp).map(([op, s]) => `${op} ${s.killed}`).join(', ')}`);
  figure('coord doctor problems after the kills (every 50, final)', `${doctorProblems} / ${finalProblems}`, '0 / 0', doctorProblems === 0 && finalProblems === 0);
  figure('writers not killed: exit 0 or 1, no crash', `${stats.unexpected.length} unexpected`, '0', stats.unexpected.length === 0);
  for (const [problem, args] of [...invalid].slice(0, 10)) log(`invalid after killing \`coord ${args}\`: ${problem}`);
  for (const u of stats.unexpected.slice(0, 10)) log(`unexpected: coord ${u.args.join(' ')} → ${u.code ?? u.signal}: ${u.output}`);
  if (finalProblems !== 0) log(`final doctor: ${JSON.stringify(doctor.json?.problems?.slice(0, 5) ?? doctor.stdout)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Hostile files

async function hostileFiles() {
  const root = tempDir('coord-stress-hostile-');
  const outside = tempDir('coord-stress-outside-');
  runCoordSync(['init'], { cwd: root });
  const host = startSession(root, 'host');
  const dir = join(root, 'docs', 'coordination');
  log(`writing ${hostile} hostile files`);
  const corpus = generateHostileCorpus(dir, { count: hostile, outsideDir: outside, inbox: host, seed });
  const before = { tree: snapshotTree(dir), outside: snapshotTree(outside) };
  const readers = [['status'], ['status', '--all'], ['claims'], ['inbox'], ['work', 'list'], ['doctor']];
  let crashes = 0;
  let rawControls = 0;
  const notes = [];
  const unnamedBreaks = [];
  const writtenOutside = [];
  const started = performance.now();
  let doctorJson;
  for (const args of readers) {
    for (const json of [false, true]) {
      const argv = [...args, ...(json ? ['--json'] : [])];
      const r = await runCoord(argv, { cwd: root, session: host });
      const crashed = r.signal !== null || (r.code !== 0 && r.code !== 3) || looksLikeCrash(r) || r.jsonError !== undefined;
      if (crashed) {
        crashes++;
        notes.push(`coord ${argv.join(' ')} → ${r.code ?? r.signal}: ${`${r.stdout}${r.stderr}`.slice(0, 300)}`);
      }
      if (!json && rawControlPattern.test(`${r.stdout}${r.stderr}`)) rawControls++;
      if (json && args[0] === 'doctor') doctorJson = r.json;
    }
  }
  // Trees broken at the top: every command still ends with a message.
  for (const variant of brokenTreeVariants) {
    const vroot = tempDir('coord-stress-variant-');
    const vout = tempDir('coord-stress-variant-out-');
    runCoordSync(['init'], { cwd: vroot });
    const s = startSession(vroot, 'broken');
    variant.apply(join(vroot, 'docs', 'coordination'), vout);
    const voutBefore = snapshotTree(vout);
    const runs = await Promise.all([...readers, ['heartbeat'], ['claim', 'a', 'b'], ['send', 'broadcast', 'x', 'y'], ['work', 'add', 'x']]
      .flatMap((args) => [[...args, '--json'], args])
      .map((argv) => runCoord(argv, { cwd: vroot, session: s })));
    for (const r of runs) {
      if (r.signal !== null || ![0, 1, 3].includes(r.code) || looksLikeCrash(r) || r.jsonError !== undefined) {
        crashes++;
        notes.push(`${variant.name}: coord ${r.args.join(' ')} → ${r.code ?? r.signal}: ${`${r.stdout}${r.stderr}`.slice(0, 300)}`);
      }
      if (!r.args.includes('--json') && rawControlPattern.test(`${r.stdout}${r.stderr}`)) rawControls++;
      if (r.args[0] === 'doctor' && r.args.includes('--json')) {
        const named = r.code === 3 && JSON.stringify(r.json?.problems ?? r.json?.error ?? '').includes(join(vroot, 'docs', 'coordination', variant.rel));
        if (!named) unnamedBreaks.push(`${variant.name}: doctor exited ${r.code} without naming ${variant.rel}`);
      }
    }
    for (const line of diffSnapshots(voutBefore, snapshotTree(vout))) writtenOutside.push(`${variant.name}: ${line}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const reported = new Map();
  for (const p of doctorJson?.problems ?? []) {
    const rel = relative(doctorJson.dir, p.path).split(sep).join('/');
    reported.set(rel, (reported.get(rel) ?? 0) + 1);
  }
  const expected = new Set(corpus.expected);
  const missing = corpus.expected.filter((rel) => !reported.has(rel));
  const extra = [...reported.keys()].filter((rel) => !expected.has(rel));
  const twice = [...reported.values()].filter((n) => n > 1).length;
  const after = { tree: snapshotTree(dir), outside: snapshotTree(outside) };
  const changed = [...diffSnapshots(before.tree, after.tree), ...diffSnapshots(before.outside, after.outside)];

  figure(`${corpus.entries.length} hostile files (+${brokenTreeVariants.length} broken trees)`, `${crashes} crashes`, '0 crashes', crashes === 0, `${seconds.toFixed(0)} s`);
  figure('bad files coord doctor did not report', `${missing.length} of ${corpus.expected.length}`, '0', missing.length === 0 && doctorJson !== undefined);
  figure('good files reported as bad / reported twice', `${extra.length} / ${twice}`, '0 / 0', extra.length === 0 && twice === 0);
  figure('files changed by reading', `${changed.length}`, '0', changed.length === 0);
  figure('raw control characters printed', `${rawControls}`, '0', rawControls === 0);
  figure('broken trees coord doctor did not name', `${unnamedBreaks.length} of ${brokenTreeVariants.length}`, '0', unnamedBreaks.length === 0);
  figure('files written through links out of the tree', `${writtenOutside.length}`, '0', writtenOutside.length === 0);
  for (const n of [...unnamedBreaks, ...writtenOutside].slice(0, 10)) log(n);
  for (const n of notes.slice(0, 10)) log(n);
  for (const m of missing.slice(0, 10)) log(`not reported: ${JSON.stringify(m)}`);
  for (const e of extra.slice(0, 10)) log(`reported but not bad: ${JSON.stringify(e)}`);
  for (const c of changed.slice(0, 10)) log(c);
}

// ---------------------------------------------------------------------------------------------------------------

let code = 1;
try {
  log(`seed ${seed}; node ${process.version}, ${availableParallelism()} CPUs`);
  if (rounds > 0) await claimRaces();
  if (kills > 0) await kills9();
  if (hostile > 0) await hostileFiles();
  // 4. Across computers (scripts/stress/sync.mjs): 8 clones racing for a claim; 30 × 50 messages through an outage.
  await syncStress({ figure, log, raceRounds: Number(opts['sync-rounds']), messages: Number(opts['sync-messages']), seed, keep: opts.keep, scaleComputers: Number(opts['sync-computers']) });
  // 5. The claim checker (scripts/stress/claims.mjs): its own seed is printed (COORD_CHECK_SEED replays it).
  if (Number(opts['claim-ops']) > 0) await claimsStress({ figure, log, operations: Number(opts['claim-ops']), keep: opts.keep });
  const header = ['figure', 'measured', 'target', 'result', 'note'];
  const rows = figures.map((f) => [f.label, f.measured, f.target, f.pass ? 'PASS' : 'FAIL', f.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`coord stress — seed ${seed}, node ${process.version}, ${availableParallelism()} CPUs`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const failed = figures.filter((f) => !f.pass).length;
  console.log(failed ? `${failed} figure(s) FAILED` : `all ${figures.length} figures passed`);
  code = failed ? 1 : 0;
} catch (error) {
  console.error(`stress: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  for (const cleanup of cleanups) cleanup();
}
process.exit(code);
