// The claim figures of issue 11 for `npm run bench`, measured where users run coord — in a git repository — not
// only in a bare folder:
//   claim-git, release-git, heartbeat-git      `coord claim` / `release` / `heartbeat` in the main checkout of a git
//                                              repository with no remote ≤ 1.3 × `node -e ''` (the beating session
//                                              holds a claim, so its beat renews one, as an agent's does);
//   claim-git-worktree, release-git-worktree,  the same in a linked worktree of that repository (`git worktree add`);
//   heartbeat-git-worktree
//   claim-race-8-clones                        8 clones of a bare remote race for one claim, `--race-rounds` times
//                                              (100): all 8 `coord claim --json` held by a start barrier and let go
//                                              together; a round counts when exactly one answered confirmed (exit 0)
//                                              and the 7 others exit 1 naming it (lost, or held by it) and hold
//                                              nothing. Target: every round.
// The claim confirmed on a remote (≤ 1.5 × node -e '' + one raw `git push --force-with-lease`) is `sync-claim` in
// scripts/bench/sync.mjs; `npm run bench -- --only claims` runs it together with these.
//
// The git-repository figures are timed exactly as the bench's small-tree figures are (the `interleaved` and
// `wallMs` of scripts/bench.mjs, passed in as `bench`): the baseline and the six commands take turns, round after
// round, and each figure is the median. How many git processes each command starts is counted once, outside the
// timing, through a `git` on PATH that logs and hands over to the real one; the note shows it.
//
// scripts/bench.mjs imports `claimsFixtures`, `claimsGitFigures` and `claimRaceFigures` and runs them like its own;
// each figure's `group: 'claims'` is what `--only claims` selects.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { looksLikeCrash, preloads, runCoord, runCoordSync } from '../lib/coordProcs.mjs';
import { createWorld, git } from '../lib/syncWorld.mjs';

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The tree a checkout's coord works on, as coord itself reports it (issue 11 may move it out of the checkout). */
function treeDirOf(cwd) {
  return runCoordSync(['status', '--json'], { cwd }).json.dir;
}

/** A checkout with a tree: `coord init` only where coord finds none yet (a worktree may share its repository's). */
function ensureTree(cwd) {
  try {
    return treeDirOf(cwd);
  } catch {
    // (runCoordSync's expectCode: undefined still means 0: a destructuring default.)
    runCoordSync(['init'], { cwd });
    return treeDirOf(cwd);
  }
}

/**
 * A `git` on PATH that appends one line per run to a log, then runs the real git: how many git processes a
 * command starts. (The variable's name does not start with GIT_: the CLI strips those from git's environment.)
 */
function gitCounter(dir) {
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  if (!real) throw new Error('bench claims: no git on PATH');
  const bin = join(dir, 'git-counter');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'git-counter.log');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> "$COORD_BENCH_GIT_LOG"\nexec '${real.replace(/'/g, "'\\''")}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return {
    env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, COORD_BENCH_GIT_LOG: log },
    /** Runs `measure()` and returns how many git processes were started meanwhile, and what they were. */
    count(measure) {
      rmSync(log, { force: true });
      measure();
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
      return { count: lines.length, commands: lines.map((l) => l.split(' ')[0]) };
    },
  };
}

export const claimsFixtures = {
  /**
   * A git repository with a commit and no remote, its main checkout and one linked worktree, each with a claiming
   * session and a beating session that holds one claim; then the six commands timed against `node -e ''`.
   * `bench` is { interleaved, wallMs, coordArgv, baselineArgv, tempRoot } from scripts/bench.mjs.
   */
  git: (bench) => {
    const { interleaved, wallMs, coordArgv, baselineArgv, tempRoot } = bench;
    const dir = tempRoot('coord-bench-claims-git-');
    const main = join(dir, 'main');
    const worktree = join(dir, 'worktree');
    git(dir, ['init', '-q', main]);
    // A repository as users have one: some files, a commit, a branch.
    mkdirSync(join(main, 'src'));
    writeFileSync(join(main, 'README.md'), '# a project\n');
    writeFileSync(join(main, 'src', 'index.ts'), 'export const answer = 42;\n');
    git(main, ['add', '.']);
    git(main, ['commit', '-q', '-m', 'initial']);
    runCoordSync(['init'], { cwd: main });
    git(main, ['worktree', 'add', '-q', '-b', 'agent-b', worktree]);
    const checkouts = { main: { cwd: main }, worktree: { cwd: worktree } };
    for (const [place, c] of Object.entries(checkouts)) {
      c.tree = ensureTree(c.cwd);
      const start = (name) => runCoordSync(['start', '--name', `${name}-${place}`, '--json'], { cwd: c.cwd }).json.session.id;
      c.claimer = start('claimer');
      c.beater = start('beater');
      runCoordSync(['claim', 'bench', `beating-${place}`], { cwd: c.cwd, session: c.beater });
    }

    const counter = gitCounter(dir);
    const gitProcesses = {};
    for (const [place, c] of Object.entries(checkouts)) {
      const run = (args, session) => counter.count(() => wallMs(coordArgv(args), { cwd: c.cwd, session, env: counter.env }));
      gitProcesses[place] = {
        claim: run(['claim', 'bench', `counted-${place}`], c.claimer),
        release: run(['release', 'bench', `counted-${place}`], c.claimer),
        heartbeat: run(['heartbeat', 'benchmarking', 'scripts/bench/claims.mjs'], c.beater),
      };
    }

    const runs = { baseline: () => wallMs(baselineArgv) };
    for (const [place, c] of Object.entries(checkouts)) {
      // Claimed, then released in the same round: the tree stays as small as a user's.
      runs[`claim-${place}`] = (i) => wallMs(coordArgv(['claim', 'bench', `item-${place}-${i}`]), { cwd: c.cwd, session: c.claimer });
      runs[`release-${place}`] = (i) => wallMs(coordArgv(['release', 'bench', `item-${place}-${i}`]), { cwd: c.cwd, session: c.claimer });
      runs[`heartbeat-${place}`] = () => wallMs(coordArgv(['heartbeat', 'benchmarking', 'scripts/bench/claims.mjs']), { cwd: c.cwd, session: c.beater });
    }
    const medians = interleaved(runs);
    const sharedTree = checkouts.main.tree === checkouts.worktree.tree;
    return { dir, medians, gitProcesses, sharedTree };
  },

  /** 8 clones of a bare remote, each with a racing session; then `rounds` races, each for a fresh claim name. */
  race: async (rounds, cleanups, { keep = false, clones = 8, gatePoint = 'write', log = () => {} } = {}) => {
    const world = createWorld({ clones, prefix: 'coord-bench-race-' });
    if (!keep) cleanups.push(() => world.cleanup());
    const racers = world.clones.map((c, i) => ({ clone: c, session: world.startSession(c, `racer${i}`), tree: treeDirOf(c.root) }));
    const tally = { clean: 0, confirmed: { 0: 0, 1: 0, more: 0 }, losers: 0, lost: 0, held: 0, wrongLoser: 0, gateShort: 0 };
    const violations = [];
    const roundMs = [];
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const name = `r${round}`;
      const t0 = performance.now();
      const { results, arrived } = await raceRound(racers, name, gatePoint);
      roundMs.push(performance.now() - t0);
      if (arrived < racers.length) tally.gateShort++;
      const judged = judgeRound(racers, results, `race/${name}`);
      tally.confirmed[judged.confirmed > 1 ? 'more' : judged.confirmed]++;
      tally.losers += racers.length - judged.confirmed;
      tally.lost += judged.lost;
      tally.held += judged.held;
      tally.wrongLoser += judged.wrongLoser;
      if (judged.violations.length === 0) tally.clean++;
      else violations.push(`round ${round}: ${judged.violations.join('; ')}`);
      if ((round + 1) % 10 === 0) log(`claim race: ${round + 1} of ${rounds} rounds, ${tally.clean} clean`);
    }
    for (const v of violations.slice(0, 10)) log(v);
    return { rounds, clones, tally, violations, seconds: (performance.now() - started) / 1000, roundMs: median(roundMs), gatePoint };
  },
};

/**
 * One race: every racer's `coord claim race <name> --json` is spawned, then held by the start barrier (the
 * startGate preload, as `raceCoord` uses it) until all of them have arrived, so they claim at the same moment
 * rather than one process start-up apart. At the default `write` point each has loaded and read its tree first.
 * Default retry delays (no COORD_SYNC_RETRY_DELAYS): the setting users have.
 */
async function raceRound(racers, name, gatePoint) {
  const gateDir = mkdtempSync(join(tmpdir(), 'coord-bench-gate-'));
  try {
    const env = { COORD_GATE_DIR: gateDir, COORD_GATE_COUNT: String(racers.length), COORD_GATE_DEADLINE: String(Date.now() + 20_000), COORD_GATE_POINT: gatePoint };
    const results = await Promise.all(racers.map((r) => runCoord(['claim', 'race', name, '--json'], { cwd: r.clone.root, session: r.session, preload: [preloads.startGate], env })));
    return { results, arrived: readdirSync(gateDir).length };
  } finally {
    rmSync(gateDir, { recursive: true, force: true });
  }
}

/**
 * Exactly one racer answered confirmed (exit 0); every other one exited 1 with a JSON error that names the winner
 * as the holder — told it lost the race on the remote (`details.confirmation: "lost"`) or refused because the
 * winner holds it — and its own tree does not hold the claim for it. An exit 0 that is not confirmed (pending,
 * or no confirmation) is a miss too: the remote was reachable throughout.
 */
function judgeRound(racers, results, key) {
  const violations = [];
  const confirmed = results.flatMap((r, i) => (r.code === 0 && r.json?.confirmation === 'confirmed' ? [i] : []));
  const winner = confirmed.length === 1 ? racers[confirmed[0]].session : undefined;
  if (confirmed.length !== 1) violations.push(`${confirmed.length} confirmed${confirmed.length ? ` (${confirmed.map((i) => racers[i].session).join(', ')})` : ''}`);
  let lost = 0;
  let held = 0;
  let wrongLoser = 0;
  results.forEach((r, i) => {
    if (confirmed.includes(i)) return;
    const who = racers[i].session;
    const problem = loserProblem(r, winner);
    if (problem) {
      wrongLoser++;
      violations.push(`${who}: ${problem}`);
    } else if (r.json.error.details?.confirmation === 'lost') lost++;
    else held++;
    const file = join(racers[i].tree, 'claims', ...key.split('/')) + '.json';
    try {
      if (JSON.parse(readFileSync(file, 'utf8')).holder === who) violations.push(`${who} lost but its tree still holds ${key} for it`);
    } catch {
      // No claim file (or a torn one another writer is replacing): it holds nothing for the loser.
    }
  });
  for (const [i, r] of results.entries()) if (looksLikeCrash(r)) violations.push(`${racers[i].session} crashed: ${r.stderr.slice(0, 300)}`);
  return { confirmed: confirmed.length, lost, held, wrongLoser, violations };
}

function loserProblem(r, winner) {
  const output = `${r.stdout.trim()}${r.stderr.trim()}`.slice(0, 300);
  if (r.code === 0) return `exit 0 with confirmation ${r.json?.confirmation ?? '(none)'}, though the remote was reachable: ${output}`;
  if (r.code !== 1) return `exit ${r.code ?? r.signal}: ${output}`;
  const error = r.json?.error;
  if (!error) return `exit 1 without a JSON error: ${output}`;
  const details = error.details ?? {};
  if (details.confirmation !== 'lost' && error.code !== 'refused') return `exit 1, neither lost nor a refusal: ${output}`;
  if (!details.holder) return `exit 1 naming no holder: ${output}`;
  if (winner && details.holder !== winner) return `names ${details.holder} as the holder, the winner is ${winner}`;
  return undefined;
}

const gitNote = (fx, place, command) => {
  const g = fx.gitProcesses[place][command];
  return `${g.count} git process${g.count === 1 ? '' : 'es'}${g.count ? ` (${g.commands.join(', ')})` : ''}`;
};

const gitRatio = (command, place) => ({
  id: place === 'main' ? `${command}-git` : `${command}-git-${place}`,
  group: 'claims',
  label: `coord ${command}, git repository without a remote, ${place === 'main' ? 'main checkout' : 'linked worktree'} (median wall)`,
  fixture: 'claimsGit',
  target: { max: 1.3, unit: '×', of: 'ratio' },
  measure: (fx) => ({
    value: fx.medians[`${command}-${place}`],
    baseline: fx.medians.baseline,
    unit: 'ms',
    note: `${gitNote(fx, place, command)}${command === 'heartbeat' ? '; renews the one claim it holds' : ''}${place === 'worktree' ? `; ${fx.sharedTree ? 'one tree with the main checkout' : 'a tree of its own'}` : ''}`,
  }),
});

export const claimsGitFigures = ['main', 'worktree'].flatMap((place) => ['claim', 'release', 'heartbeat'].map((command) => gitRatio(command, place)));

/** The race figure for `rounds` rounds (`--race-rounds`, 100 by default). */
export const claimRaceFigures = (rounds) => [
  {
    id: 'claim-race-8-clones',
    group: 'claims',
    label: '8 clones race for one claim through a bare remote (all started together)',
    fixture: 'claimsRace',
    target: { min: 1, unit: 'rounds', of: 'value', text: `${rounds}/${rounds} rounds` },
    measure: async (fixture) => {
      const fx = await fixture;
      const t = fx.tally;
      const misses = [t.confirmed[0] && `${t.confirmed[0]} with none confirmed`, t.confirmed.more && `${t.confirmed.more} with 2+ confirmed`, t.wrongLoser && `${t.wrongLoser} loser answers wrong`].filter(Boolean);
      return {
        // Judged as the share of clean rounds: 1 only when every round was.
        value: fx.rounds ? fx.tally.clean / fx.rounds : 0,
        text: `exactly one confirmed in ${t.clean}/${fx.rounds} rounds`,
        unit: 'rounds',
        note: `${misses.length ? `${misses.join(', ')}; ` : ''}losers: ${t.lost} lost, ${t.held} held, of ${t.losers}; ${fx.seconds.toFixed(0)} s, median round ${(fx.roundMs / 1000).toFixed(2)} s${t.gateShort ? `; the start barrier did not fill in ${t.gateShort} rounds` : ''}${fx.violations.length ? `; first miss: ${fx.violations[0].slice(0, 160)}` : ''}`,
      };
    },
  },
];
