// The sync figures for `npm run bench`, each against raw git doing the same network work on the same remote (a
// bare repository on disk, so the figures measure our overhead, not a network):
//   sync-claim       `coord claim` confirmed on the remote  ≤ 1.5 × (`node -e ''` + a raw `git push
//                    --force-with-lease` of one ref): what the CLI adds beyond starting Node and the one push it must make;
//   sync-round       a round of the running loop (`coord watch`) carrying one change ≤ 2 × a raw `git fetch`
//                    + `git push` of a one-file commit (a one-shot `coord sync` is in the note);
//   sync-round-10k   a one-shot `coord sync` carrying one change on a tree of 10,000 files (stat cache: only the
//                    changed file is hashed);
//                    reported against 2 s, a small share of the 5-minute interval;
//   sync-scale-cpu   CPU seconds per round with 20 computers syncing at once ≤ 2 × per round one at a time, in the
//                    same world (scripts/lib/syncScale.mjs: each computer publishes only its own tree ref);
//   sync-scale-wall  wall time of a batch of 20 concurrent rounds ≤ 2 × (20 × a round alone ÷ cores).
//
// scripts/bench.mjs imports `syncFixtures` and `syncFigures` and runs them like its own. Standalone:
//   node scripts/bench/sync.mjs [--reps 15]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cliPath, coordEnv } from '../lib/coordProcs.mjs';
import { generateTree } from '../lib/generateTree.mjs';
import { git } from '../lib/syncWorld.mjs';

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Wall time of one process; throws when it fails (a bench of an error is no bench). */
function timed(cmd, args, { cwd, env, expect = [0] } = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!expect.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stdout}${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const gitEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
const coord = (root, args, session) => timed(process.execPath, [cliPath, ...args], { cwd: root, env: coordEnv(session) });

/** A remote and a clone with a tree and a session that has synced once. */
function computer(dir, name, remote) {
  const root = join(dir, name);
  git(dir, ['init', '-q', root]);
  git(root, ['remote', 'add', 'origin', remote]);
  coord(root, ['init']);
  const session = JSON.parse(coord(root, ['start', '--name', name, '--json']).stdout).session.id;
  return { root, session };
}

/**
 * Rounds of a running loop (`coord watch`), as the extension and `coord watch` run them: simple-git and the
 * bundle are loaded once, so a round costs what the round does. A beat between rounds makes each carry one file.
 */
function loopRounds(root, session, count) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'watch', '--interval', '1s', '--json'], { cwd: root, env: coordEnv() });
    const rounds = [];
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`coord watch gave ${rounds.length} rounds of ${count} in time`)), 120_000);
    const finish = (error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      if (error) reject(error);
      else resolve(rounds);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      let eol;
      while ((eol = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, eol));
        buffer = buffer.slice(eol + 1);
        if (line.loop !== 'sync' || line.ok !== true) continue;
        const ms = /; (\d+) ms$/.exec(line.text);
        // The first round carries whatever waited; after that, each carries the one beat made before it.
        if (ms && / pushed 1[;,]/.test(line.text) && /^synced/.test(line.text)) rounds.push(Number(ms[1]));
        if (rounds.length >= count) return finish();
        coord(root, ['heartbeat', 'benchmarking', `loop ${rounds.length}`], session);
      }
    });
    child.on('error', finish);
  });
}

export const syncFixtures = {
  sync: async (reps, cleanups) => {
    const dir = mkdtempSync(join(tmpdir(), 'coord-bench-sync-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const remote = join(dir, 'remote.git');
    git(dir, ['init', '-q', '--bare', remote]);
    const a = computer(dir, 'a', remote);
    // A second session beats for the rounds: it holds no claims, so a beat is exactly one changed file.
    const beater = JSON.parse(coord(a.root, ['start', '--name', 'beater', '--json']).stdout).session.id;
    coord(a.root, ['sync']);
    // The raw side: a plain clone that commits a one-file change on its own branch, then fetches and pushes.
    const raw = join(dir, 'raw');
    git(dir, ['init', '-q', raw]);
    git(raw, ['remote', 'add', 'origin', remote]);
    writeFileSync(join(raw, 'file.json'), '{}\n');
    git(raw, ['add', 'file.json']);
    git(raw, ['commit', '-q', '-m', 'raw']);
    git(raw, ['push', '-q', 'origin', 'HEAD:refs/heads/raw-bench']);

    const samples = { node: [], rawPush: [], claim: [], rawFetchPush: [], round: [], roundWall: [] };
    for (let i = 0; i < reps; i++) {
      samples.node.push(timed(process.execPath, ['-e', '']).ms);
      const blob = git(raw, ['hash-object', '-w', '--stdin'], `{"bench":${i}}\n`).trim();
      samples.rawPush.push(timed('git', ['push', '--porcelain', '--no-verify', `--force-with-lease=refs/bench/raw/r${i}:`, 'origin', `${blob}:refs/bench/raw/r${i}`], { cwd: raw, env: gitEnv }).ms);
      const claim = coord(a.root, ['claim', 'bench', `item-${i}`, '--json'], a.session);
      if (JSON.parse(claim.stdout).confirmation !== 'confirmed') throw new Error(`coord claim was not confirmed: ${claim.stdout}`);
      samples.claim.push(claim.ms);
    }
    // The confirmed claims enter the tree; from here on a round carries one file.
    coord(a.root, ['sync']);
    for (let i = 0; i < reps; i++) {
      writeFileSync(join(raw, 'file.json'), `{"n":${i}}\n`);
      git(raw, ['commit', '-q', '-am', `change ${i}`]);
      const fetch = timed('git', ['fetch', '-q', '--no-tags', 'origin', '+refs/coordination/trees/*:refs/bench/trees/*'], { cwd: raw, env: gitEnv }).ms;
      const push = timed('git', ['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/raw-bench'], { cwd: raw, env: gitEnv }).ms;
      samples.rawFetchPush.push(fetch + push);
      coord(a.root, ['heartbeat', 'benchmarking', `round ${i}`], beater);
      const round = coord(a.root, ['sync', '--json']);
      const result = JSON.parse(round.stdout);
      if (result.outcome !== 'synced' || result.pushed !== 1) throw new Error(`coord sync did not carry exactly the one change: ${round.stdout}`);
      samples.round.push(result.durationMs);
      samples.roundWall.push(round.ms);
    }
    samples.loopRound = await loopRounds(a.root, beater, reps);
    return { dir, remote, medians: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) };
  },

  /** 10,000 files: a generated tree pushed once, then one change per measured round. */
  sync10k: (reps, cleanups) => {
    const dir = mkdtempSync(join(tmpdir(), 'coord-bench-sync10k-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const remote = join(dir, 'remote.git');
    git(dir, ['init', '-q', '--bare', remote]);
    const root = join(dir, 'big');
    git(dir, ['init', '-q', root]);
    git(root, ['remote', 'add', 'origin', remote]);
    generateTree(root, { sessions: 500, claims: 500, messages: 8800, workItems: 200, focusMessages: 0, seed: 11 });
    // A session of its own, holding no claims: each beat is exactly one changed file.
    const session = JSON.parse(coord(root, ['start', '--name', 'beater', '--json']).stdout).session.id;
    const first = coord(root, ['sync', '--json']);
    const firstResult = JSON.parse(first.stdout);
    if (firstResult.outcome !== 'synced') throw new Error(`the first sync of the 10,000-file tree failed: ${first.stdout}`);
    const ref = git(dir, ['--git-dir', remote, 'for-each-ref', '--format=%(refname)', 'refs/coordination/trees/']).trim().split('\n')[0];
    const files = git(dir, ['--git-dir', remote, 'ls-tree', '-r', '--name-only', ref]).trim().split('\n').length;
    const rounds = [];
    const walls = [];
    for (let i = 0; i < Math.max(3, Math.ceil(reps / 3)); i++) {
      coord(root, ['heartbeat', 'benchmarking', `big ${i}`], session);
      const r = coord(root, ['sync', '--json']);
      const result = JSON.parse(r.stdout);
      if (result.outcome !== 'synced' || result.pushed !== 1) throw new Error(`coord sync on the big tree did not carry exactly the one change: ${r.stdout}`);
      rounds.push(result.durationMs);
      walls.push(r.ms);
    }
    return { files, firstMs: firstResult.durationMs, round: median(rounds), wall: median(walls) };
  },
};

export const syncFigures = [
  {
    id: 'sync-claim',
    label: "coord claim confirmed on a remote vs node -e '' + raw git push --force-with-lease",
    fixture: 'sync',
    target: { max: 1.5, unit: '×', of: 'ratio' },
    measure: async (fixture) => {
      const m = (await fixture).medians;
      return {
        value: m.claim,
        baseline: m.node + m.rawPush,
        unit: 'ms',
        note: `node -e '' ${m.node.toFixed(1)} ms + raw push ${m.rawPush.toFixed(1)} ms; claim beyond node ${(m.claim - m.node).toFixed(1)} ms = ${((m.claim - m.node) / m.rawPush).toFixed(2)}× the raw push`,
      };
    },
  },
  {
    id: 'sync-round',
    label: 'sync round carrying one change vs raw git fetch + git push',
    fixture: 'sync',
    target: { max: 2, unit: '×', of: 'ratio' },
    measure: async (fixture) => {
      const m = (await fixture).medians;
      return {
        value: m.loopRound,
        baseline: m.rawFetchPush,
        unit: 'ms',
        note: `a round of the running loop (coord watch); a one-shot coord sync: round ${m.round.toFixed(0)} ms, process ${m.roundWall.toFixed(0)} ms wall (${(m.round / m.rawFetchPush).toFixed(2)}×, it loads simple-git first)`,
      };
    },
  },
  {
    id: 'sync-round-10k',
    label: 'sync round carrying one change, tree of 10,000 files',
    fixture: 'sync10k',
    // The brief asks for this time, not a bound; 2 s is a small share of a 5-minute sync interval.
    target: { max: 2, unit: 's', of: 'value' },
    measure: (fx) => ({ value: fx.round / 1000, unit: 's', note: `${fx.files} files in its tree ref; first sync of the whole tree ${(fx.firstMs / 1000).toFixed(2)} s; whole process ${(fx.wall / 1000).toFixed(2)} s wall` }),
  },
  {
    id: 'sync-scale-cpu',
    label: 'CPU per sync round, 20 computers syncing at once vs one at a time (5 rounds each, same world)',
    fixture: 'syncScale',
    group: 'sync-scale',
    target: { max: 2, unit: '×', of: 'ratio' },
    measure: async (fixture) => {
      const r = await fixture;
      return {
        value: r.together.cpuPerRound,
        baseline: r.alone.cpuPerRound,
        unit: 's',
        note: `${r.failedRounds.length} failed rounds, ${r.refusedPublishes} refused publishes; ${r.missing} computers missing a session or message after one more round`,
      };
    },
  },
  {
    id: 'sync-scale-wall',
    label: 'wall per batch of 20 concurrent rounds vs 20 × a round alone ÷ cores',
    fixture: 'syncScale',
    group: 'sync-scale',
    target: { max: 2, unit: '×', of: 'ratio' },
    measure: async (fixture) => {
      const r = await fixture;
      const cores = availableParallelism();
      return { value: r.together.wallPerBatchMs, baseline: (20 * r.alone.wallPerRoundMs) / cores, unit: 'ms', note: `a round alone ${r.alone.wallPerRoundMs.toFixed(0)} ms (median), ${cores} cores` };
    },
  },
];

// Standalone: prints the figures of one computer.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '15' } } });
  const cleanups = [];
  try {
    const made = { sync: await syncFixtures.sync(Number(values.reps), cleanups), sync10k: syncFixtures.sync10k(Number(values.reps), cleanups) };
    // The figures of many computers need scripts/lib/syncScale.mjs's world: `node scripts/bench.mjs --only sync`.
    for (const f of syncFigures.filter((figure) => figure.fixture in made)) {
      const m = await f.measure(made[f.fixture]);
      const judged = f.target.of === 'ratio' ? m.value / m.baseline : m.value;
      console.log(`${f.label}: ${m.value.toFixed(m.unit === 's' ? 2 : 1)} ${m.unit}${m.baseline ? ` vs ${m.baseline.toFixed(1)} ${m.unit} (${judged.toFixed(2)}×)` : ''} — target ≤ ${f.target.max}${f.target.unit} — ${judged <= f.target.max ? 'PASS' : 'FAIL'}; ${m.note}`);
    }
  } finally {
    for (const c of cleanups) c();
  }
}
