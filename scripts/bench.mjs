#!/usr/bin/env node
// npm run bench [-- --check] [--reps N] [--cold-runs N] [--sessions N] [--claims N] [--messages N] [--race-rounds N]
//                 [--only ID|GROUP,...] [--json] [--keep]
//
// Measures the coord CLI against baselines taken in the same run (machines are noisy, so no figure is an absolute
// number alone): each short command is timed against `node -e ''` (median of many interleaved runs), and the big
// tree figures are shown next to the same baseline. Prints one table with PASS/FAIL per figure; exits non-zero
// only with --check.
//
// Adding a figure: append an entry to `figures` below — { id, label, fixture, target, measure } — where
// `measure(fixture)` returns { value, baseline?, text?, note? } in the figure's unit (`text` replaces the value's
// printed form). A target is { max } (the judged value must not exceed it) or { min } (must reach it), with an
// optional `text` for how it is printed. A figure with a `group` is also selected by `--only <group>`:
// `--only claims` runs the claim figures of scripts/bench/claims.mjs and sync-claim (`node scripts/bench.mjs --only
// claims`, after a build).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { cliPath, coordEnv, preloads, runCoordSync } from './lib/coordProcs.mjs';
import { generateTree } from './lib/generateTree.mjs';
import { extensionFigures, extensionFixture } from './bench/extensionFigures.mjs';
import { healthFigures, healthFixtures } from './bench/health.mjs';
import { syncFigures, syncFixtures } from './bench/sync.mjs';
import { syncAtScale } from './lib/syncScale.mjs';
import { claimRaceFigures, claimsFixtures, claimsGitFigures } from './bench/claims.mjs';
import { statusWatchFigures, statusWatchFixtures } from './bench/statusWatch.mjs';
import { hookFigures, hookFixtures } from './bench/hook.mjs';
import { agentsFigures, agentsFixtures } from './bench/agents.mjs';

const { values: opts } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    reps: { type: 'string', default: '30' },
    'cold-runs': { type: 'string', default: '5' },
    sessions: { type: 'string', default: '1000' },
    claims: { type: 'string', default: '5000' },
    messages: { type: 'string', default: '100000' },
    'race-rounds': { type: 'string', default: '100' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const reps = Number(opts.reps);
const coldRuns = Number(opts['cold-runs']);
const raceRounds = Number(opts['race-rounds']);
const scale = { sessions: Number(opts.sessions), claims: Number(opts.claims), messages: Number(opts.messages) };
if (!existsSync(cliPath)) {
  console.error(`bench: ${cliPath} is missing; run \`npm run bench\` (it builds first) or \`node esbuild.mjs\``);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Wall time in ms of one process, spawned and waited for. Throws when it fails (a bench of an error is no bench). */
function wallMs(argv, { cwd, env, session, expect = [0] } = {}) {
  const started = process.hrtime.bigint();
  // Output goes to /dev/null: the figure is the command's own cost, not this script's reading of a pipe.
  const r = spawnSync(process.execPath, argv, { cwd, env: coordEnv(session, env), encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!expect.includes(r.status)) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 2000)}`);
  return ms;
}

const coordArgv = (args) => [cliPath, ...args];
const baselineArgv = ['-e', ''];

const timeBin = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0 ? '/usr/bin/time' : undefined;

/** Peak resident set size of one process in KB: GNU time's %M when present, else a preload reporting resourceUsage(). */
function maxRssKb(argv, { cwd, session } = {}) {
  if (timeBin) {
    const r = spawnSync(timeBin, ['-f', '%M', process.execPath, ...argv], { cwd, env: coordEnv(session), encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const last = r.stderr.trim().split('\n').pop();
    const kb = Number(last);
    if (!Number.isFinite(kb)) throw new Error(`no peak RSS from ${timeBin}: ${r.stderr}`);
    return kb;
  }
  const dir = mkdtempSync(join(tmpdir(), 'coord-rss-'));
  const file = join(dir, 'rss');
  try {
    spawnSync(process.execPath, ['--require', preloads.reportMaxRss, ...argv], { cwd, env: coordEnv(session, { COORD_MAXRSS_FILE: file }), stdio: 'ignore' });
    return Number(readFileSync(file, 'utf8').trim().split('\n').pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Times `runs` (name → () => ms) interleaved, `reps` rounds after `warmup` rounds, so drift in machine load hits
 * every series alike. Returns name → median ms.
 */
function interleaved(runs, { reps: n = reps, warmup = 3 } = {}) {
  const samples = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (let i = 0; i < warmup + n; i++) {
    for (const [name, run] of Object.entries(runs)) {
      const ms = run(i);
      if (i >= warmup) samples[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures, made once on first use

const cleanups = [];
function tempRoot(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!opts.keep) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const fixtures = {
  /** A real VS Code running the in-host bench once (scripts/bench/extensionFigures.mjs). */
  extension: extensionFixture,
  /** The health round's tree and its services (scripts/bench/health.mjs). */
  health: () => healthFixtures.health(scale, cleanups),
  /** A bare remote on disk and raw git beside coord (scripts/bench/sync.mjs). */
  sync: () => syncFixtures.sync(Math.min(reps, 15), cleanups),
  sync10k: () => syncFixtures.sync10k(Math.min(reps, 15), cleanups),
  /** 20 clones of one bare remote, syncing one at a time and then all at once (scripts/lib/syncScale.mjs). */
  syncScale: () => syncAtScale({ computers: 20, rounds: 5, keep: opts.keep, log: (text) => process.stderr.write(`bench: ${text}\n`) }),
  /** A git repository without a remote and a linked worktree: claim / release / heartbeat there (scripts/bench/claims.mjs). */
  claimsGit: () => claimsFixtures.git({ interleaved, wallMs, coordArgv, baselineArgv, tempRoot }),
  /** A git repository with an agent session its SessionStart hook registered: `coord hook --beat` (scripts/bench/hook.mjs). */
  hook: () => hookFixtures.hook({ interleaved, wallMs, coordArgv, baselineArgv, tempRoot }),
  /** The real-agent suite run once, the agents already installed (scripts/bench/agents.mjs). */
  agents: () => agentsFixtures.agents({ repo: fileURLToPath(new URL('..', import.meta.url)) }),
  /** 8 clones of a bare remote racing for one claim, `--race-rounds` times (scripts/bench/claims.mjs). */
  claimsRace: () => claimsFixtures.race(raceRounds, cleanups, { keep: opts.keep, log: (text) => process.stderr.write(`bench: ${text}\n`) }),
  /** 1,000 sessions in a git repository for the live board on a pty (scripts/bench/statusWatch.mjs). */
  statusWatch: () => statusWatchFixtures.tree(scale, cleanups, { keep: opts.keep }),
  /** A small tree and its timings: claim / send / heartbeat / status against `node -e ''`, measured together. */
  small: () => {
    const root = tempRoot('coord-bench-small-');
    runCoordSync(['init'], { cwd: root });
    const start = (name) => runCoordSync(['start', '--name', name, '--json'], { cwd: root }).json.session.id;
    const claimer = start('claimer');
    const beater = start('beater');
    const reader = start('reader');
    for (let i = 0; i < 5; i++) runCoordSync(['send', reader, `hello ${i}`, 'body'], { cwd: root, session: claimer });
    const medians = interleaved({
      baseline: () => wallMs(baselineArgv),
      claim: (i) => wallMs(coordArgv(['claim', 'bench', `item-${i}`]), { cwd: root, session: claimer }),
      send: (i) => wallMs(coordArgv(['send', reader, `bench ${i}`, 'a short body']), { cwd: root, session: beater }),
      heartbeat: () => wallMs(coordArgv(['heartbeat', 'benchmarking', 'scripts/bench.mjs']), { cwd: root, session: beater }),
      status: () => wallMs(coordArgv(['status']), { cwd: root, session: reader }),
    });
    return { root, medians };
  },
  /**
   * 1,000 live path claims of ten other sessions (written directly: distinct globs under their own keys), then a
   * new path claim that overlaps none — so it is checked against all of them — against a plain claim, interleaved.
   * Half differ from it in a plain leading folder (told apart without compiling); half start with a wildcard or a
   * brace, so their globs are compiled and compared as automata.
   */
  paths: () => {
    const root = tempRoot('coord-bench-paths-');
    runCoordSync(['init'], { cwd: root });
    const holders = Array.from({ length: 10 }, (_, i) => runCoordSync(['start', '--name', `holder ${i}`, '--json'], { cwd: root }).json.session.id);
    const claimer = runCoordSync(['start', '--name', 'claimer', '--json'], { cwd: root }).json.session.id;
    const dir = join(root, 'docs', 'coordination', 'claims', 'path');
    mkdirSync(dir, { recursive: true });
    const now = new Date().toISOString();
    for (let i = 0; i < 1000; i++) {
      const claim = { object: 'claim', version: 1, type: 'path', name: `bench-${i}`, holder: holders[i % holders.length], acquiredAt: now, renewedAt: now, ttl: 7200, transitions: 0, glob: [`packages/p${i}/{src,test}/**/*.ts`, `packages/q${i}/**`, `*.gen${i}`, `{docs,notes}/p${i}/*.md`][i % 4] };
      writeFileSync(join(dir, `bench-${i}.json`), `${JSON.stringify(claim, null, 2)}\n`);
    }
    const medians = interleaved({
      plain: (i) => wallMs(coordArgv(['claim', 'bench', `item-${i}`]), { cwd: root, session: claimer }),
      path: (i) => wallMs(coordArgv(['claim', 'path', `apps/a${i}/**`]), { cwd: root, session: claimer }),
    });
    return { root, medians };
  },
  /** The big tree: written directly by the generator, then checked with the CLI's own counts. */
  big: () => {
    const root = tempRoot('coord-bench-big-');
    const started = performance.now();
    const tree = generateTree(root, { ...scale, focusMessages: Math.min(2000, scale.messages) });
    const generatedMs = performance.now() - started;
    // `--all` counts every message too (plain `status` leaves the 100,000 message files alone).
    const status = runCoordSync(['status', '--all', '--json'], { cwd: root });
    const s = status.json;
    const sessionTotal = Object.values(s.sessionCounts).reduce((a, b) => a + b, 0);
    if (sessionTotal !== scale.sessions || s.claims.length !== scale.claims || s.messages?.total !== scale.messages || s.diagnostics.length !== 0) {
      throw new Error(`the generated tree is not what was asked for: ${sessionTotal} sessions, ${s.claims.length} claims, ${s.messages?.total} messages, ${s.diagnostics.length} diagnostics`);
    }
    const baselineMs = median(Array.from({ length: Math.max(5, coldRuns) }, () => wallMs(baselineArgv)));
    const baselineRssKb = Math.max(...Array.from({ length: 3 }, () => maxRssKb(baselineArgv)));
    return { root, tree, generatedMs, baselineMs, baselineRssKb };
  },
};

/** A valid generator is a precondition of the big-tree figures: a small generated tree must pass `coord doctor`. */
function checkGenerator() {
  const root = tempRoot('coord-bench-gen-');
  generateTree(root, { sessions: 40, claims: 120, messages: 600, workItems: 40, focusMessages: 50, seed: 3 });
  const doctor = runCoordSync(['doctor', '--json'], { cwd: root, expectCode: undefined });
  if (doctor.code !== 0 || doctor.json.problems.length !== 0) {
    throw new Error(`generateTree wrote records that coord doctor rejects:\n${JSON.stringify(doctor.json.problems.slice(0, 5), null, 2)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

const smallRatio = (command) => ({
  id: `${command}-small`,
  label: `coord ${command}, small tree (median wall)`,
  fixture: 'small',
  target: { max: 1.3, unit: '×', of: 'ratio' },
  measure: (fx) => ({ value: fx.medians[command], baseline: fx.medians.baseline, unit: 'ms' }),
});

const bigScale = `${scale.sessions.toLocaleString('en')} sessions / ${scale.claims.toLocaleString('en')} claims / ${scale.messages.toLocaleString('en')} messages`;

const bigWall = (command, args, withSession) => ({
  id: `${command}-big-wall`,
  label: `coord ${command}, big tree (cold wall)`,
  fixture: 'big',
  target: { max: 1.5, unit: 's', of: 'value' },
  measure: (fx) => {
    const session = withSession ? fx.tree.focusSession : undefined;
    const runs = Array.from({ length: coldRuns }, () => wallMs(coordArgv(args), { cwd: fx.root, session }));
    return { value: median(runs) / 1000, baseline: fx.baselineMs / 1000, unit: 's', note: `first ${(runs[0] / 1000).toFixed(2)} s, slowest ${(Math.max(...runs) / 1000).toFixed(2)} s` };
  },
});

const bigRss = (command, args, withSession) => ({
  id: `${command}-big-rss`,
  label: `coord ${command}, big tree (peak RSS)`,
  fixture: 'big',
  target: { max: 150, unit: 'MB', of: 'value' },
  measure: (fx) => {
    const session = withSession ? fx.tree.focusSession : undefined;
    const kb = Math.max(...Array.from({ length: 3 }, () => maxRssKb(coordArgv(args), { cwd: fx.root, session })));
    return { value: kb / 1024, baseline: fx.baselineRssKb / 1024, unit: 'MB', note: timeBin ? '/usr/bin/time %M' : 'resourceUsage().maxRSS' };
  },
});

/** The figures, in table order. Later work appends here. */
const figures = [
  smallRatio('claim'),
  smallRatio('send'),
  smallRatio('heartbeat'),
  smallRatio('status'),
  ...claimsGitFigures,
  ...hookFigures,
  ...agentsFigures,
  {
    id: 'claim-path-1000',
    label: 'coord claim path, 1,000 live path claims of others (median wall, vs a plain claim)',
    fixture: 'paths',
    target: { max: 1.5, unit: '×', of: 'ratio' },
    measure: (fx) => ({ value: fx.medians.path, baseline: fx.medians.plain, unit: 'ms', note: 'baseline: coord claim <type> <name> in the same tree' }),
  },
  bigWall('status', ['status'], true),
  bigWall('inbox', ['inbox'], true),
  bigRss('status', ['status'], true),
  bigRss('inbox', ['inbox'], true),
  ...statusWatchFigures,
  ...extensionFigures,
  ...healthFigures,
  ...syncFigures,
  ...claimRaceFigures(raceRounds),
];

/** Names `--only` accepts besides figure ids, each standing for several figures. */
const groups = {
  // The claim figures of issue 11: in a git repository (with worktrees), confirmed on a remote, the 8-clone race.
  claims: [...figures.filter((f) => f.group === 'claims').map((f) => f.id), 'sync-claim'],
  // The figures of issue 12: the agents' hook after every tool call.
  hook: figures.filter((f) => f.group === 'hook').map((f) => f.id),
  // The figures of issue 12: the real agents end to end, and three at once on one queue.
  agents: figures.filter((f) => f.group === 'agents').map((f) => f.id),
  // The figures of issue 14: 20 computers at once against one at a time, and the rounds of one computer.
  sync: ['sync-claim', 'sync-round', 'sync-round-10k', ...figures.filter((f) => f.group === 'sync-scale').map((f) => f.id)],
};

// ---------------------------------------------------------------------------------------------------------------
// Running and reporting

const fmt = (value, unit) => {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === 'KB') return `${value.toFixed(1)} KB`;
  if (unit === '×') return `${value.toFixed(2)}×`;
  return String(value);
};

const targetText = (t) => t.text ?? (t.min !== undefined ? `≥ ${fmt(t.min, t.unit)}` : `≤ ${fmt(t.max, t.unit)}`);

const loadText = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main() {
  const loadAtStart = loadText();
  let selected = figures;
  if (opts.only) {
    const names = opts.only.split(',').map((n) => n.trim()).filter(Boolean);
    const unknown = names.filter((n) => !groups[n] && !figures.some((f) => f.id === n));
    if (unknown.length) {
      console.error(`bench: --only ${unknown.join(', ')}: no such figure or group (groups: ${Object.keys(groups).join(', ')}; figures: ${figures.map((f) => f.id).join(', ')})`);
      return 2;
    }
    const ids = new Set(names.flatMap((n) => groups[n] ?? [n]));
    selected = figures.filter((f) => ids.has(f.id));
  }
  const made = {};
  const results = [];
  if (selected.some((f) => f.fixture === 'big')) checkGenerator();
  for (const figure of selected) {
    made[figure.fixture] ??= fixtures[figure.fixture]();
    const m = await figure.measure(made[figure.fixture]);
    const ratio = m.baseline ? m.value / m.baseline : undefined;
    const judged = figure.target.of === 'ratio' ? ratio : m.value;
    const pass = judged !== undefined && (figure.target.min !== undefined ? judged >= figure.target.min : judged <= figure.target.max);
    results.push({ id: figure.id, label: figure.label, value: m.value, text: m.text, unit: m.unit, baseline: m.baseline, ratio, target: figure.target, pass, note: m.note });
    process.stderr.write(`bench: measured ${figure.id}\n`);
  }

  const header = ['figure', 'value', "baseline node -e ''", 'ratio', 'target', 'result', 'note'];
  const rows = results.map((r) => [
    r.label, r.text ?? fmt(r.value, r.unit), fmt(r.baseline, r.unit), fmt(r.ratio, '×'), targetText(r.target), r.pass ? 'PASS' : 'FAIL', r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`coord bench — node ${process.version}, ${availableParallelism()} CPUs, ${reps} interleaved repetitions (median); big tree: ${bigScale}`);
  // Other work on the machine slows every process alike; the load average says how noisy this run was.
  console.log(`load average (1/5/15 min) at start ${loadAtStart}, at end ${loadText()}${made.big ? `; big tree generated in ${(made.big.generatedMs / 1000).toFixed(1)} s` : ''}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const failed = results.filter((r) => !r.pass);
  console.log(failed.length ? `${failed.length} of ${results.length} figure(s) missed the target` : `all ${results.length} figures within target`);
  if (opts.json) console.log(JSON.stringify({ node: process.version, cpus: availableParallelism(), reps, scale, results }, null, 2));
  return opts.check && failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  for (const cleanup of cleanups) cleanup();
}
process.exit(code);
