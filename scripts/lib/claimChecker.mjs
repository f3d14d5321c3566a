// The claim checker of issue 11 ("the acceptance bar"): a randomized, process-level concurrency and fault checker.
// Everything is real: `git worktree add` worktrees and clones of a bare remote on disk, `coord watch` sync loops as
// background processes (the loop code the extension runs), and agents that are sessions of `coord start` doing
// random claim / renew / release / work next / work done / claim path / heartbeat / send / stop with `coord`
// processes. Faults: agents' processes killed with SIGKILL (the agent is dead from then on), loops killed and
// restarted, the remote unreachable and back (each clone's URL pointed away). Every operation's start, end, exit code and JSON answer is logged
// (Date.now() of this process: the same clock the coord processes stamp their records with); the bare remote's
// reference-transaction hook logs every committed claim ref update with its time — the authority's own order
// (its reflog, core.logAllRefUpdates=always, is kept too, but git deletes a ref's reflog with the ref).
//
// Afterwards it judges, without importing anything from src/ (only files, git and the CLI's answers):
//   1 exclusion, 2 false loss, 3 resurrection, 4 delivery, 5 takeover, 6 files — see judge() below — plus
//   0 contract (exit codes other than 0/1, crashes, hung processes, answers that contradict themselves).
// On a failure it prints the seed (replay with COORD_CHECK_SEED) and the history of the item involved.
//
// Used by test/cli/claimChecker.test.ts (bounded) and scripts/stress/claims.mjs (full size, `npm run stress`).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliPath, coordEnv, looksLikeCrash, quickCheckRecords, runCoordSync } from './coordProcs.mjs';
import { makeRng } from './generateTree.mjs';
import { createWorld, git } from './syncWorld.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const checkerPreloads = { brokenExclusiveCreate: join(here, 'preload', 'brokenExclusiveCreate.cjs') };

/** Path claims the agents take: a few overlapping globs (see globsOverlap). */
export const defaultGlobs = ['src/**', 'src/a/**', 'src/a/x.ts', 'src/b/*.ts', 'docs/*', 'docs/readme.md'];

/** How often each kind of step is picked (a heartbeat is also forced whenever one is due). */
export const defaultWeights = { claim: 24, path: 12, next: 8, renew: 8, release: 18, done: 4, send: 10, add: 2, beat: 4, stop: 1 };

export const defaultConfig = {
  worktrees: 2, // linked worktrees (`git worktree add`) of the first clone
  clones: 2, // clones of the bare remote (the first one also carries the worktrees)
  plain: false, // instead: one plain folder (no git): the claim file is the only authority
  agentsPerCheckout: 3,
  durationMs: 60_000, // length of the random phase, unless `operations` is set
  operations: undefined, // run until this many agent operations (then durationMs is ignored; maxDurationMs bounds it)
  minOperations: 0, // with durationMs: the phase also goes on until this many agent operations (a slow machine)
  maxDurationMs: 3 * 3600_000, // the cap of the random phase, whatever else is asked; counts.stoppedBy says 'time cap'
  stopOnExclusion: false, // end the random phase as soon as an exclusion violation is certain (the broken variant)
  slots: 4, // agent coord processes at once (the loops come on top)
  items: 4, // issue names i0..i(n-1) that agents fight over
  workItems: 4, // work items added before the start (agents add more when fewer than 3 are open)
  globs: defaultGlobs,
  weights: defaultWeights,
  ttl: '10m', // --ttl of every claim and work next: far longer than any scheduling delay
  ttlSeconds: 600,
  goneAfterSeconds: 30, // protocol.json: killed agents' claims are free this long after their last beat
  heartbeatIntervalSeconds: 5, // protocol.json (stale after 2 ×; stale sessions still hold their claims)
  heartbeatEveryMs: 5000, // each live agent beats this often (the gap must stay far below goneAfterSeconds)
  killChance: 0.03, // chance that an agent operation is SIGKILLed at a random moment
  killWindowMs: undefined, // kills only this long after the start (default: so killed holders are gone by the end)
  lateKills: 2, // after the loops stopped, this many agents that hold claims are killed: check 5 takes their claims over
  loops: true,
  loopInterval: '1s',
  healthInterval: '2s',
  loopKills: true,
  outages: true,
  loopKillGapMs: [3000, 9000],
  loopDownMs: [1000, 3000],
  outageGapMs: [3000, 9000],
  outageMs: [1500, 6000],
  thinkMs: [100, 600],
  sampleEveryMs: 500,
  opTimeoutMs: 180_000,
  preload: [], // --require for every coord process (the broken variant)
  env: {},
  seed: undefined,
  keep: false,
  logFile: undefined, // the operation log (JSON lines) is written here; by default next to the world on a failure
  log: (text) => process.stderr.write(`claim-check: ${text}\n`),
};

/**
 * `npm test`: about a minute of random operations (plus setup and the final checks), and at least minOperations of
 * them: on a slow machine the phase goes on past the minute (up to maxDurationMs) rather than judge too little.
 */
export const boundedConfig = {
  worktrees: 2, clones: 2, agentsPerCheckout: 3, durationMs: 60_000, minOperations: 300, maxDurationMs: 8 * 60_000,
};
/** `npm run stress`: 2 worktrees + 6 clones (computers), at least 6,000 operations. */
// The gone threshold is 60 s here: 16 agents share 4 slots with 7 loops, and on a loaded 2-core machine an agent's
// beats were seen 27.6 s apart (seed 719097511) — as the issue asks of leases, the threshold stays far above the
// scheduling delays, or a live agent would rightly be judged gone and its claim taken over.
export const fullConfig = { worktrees: 2, clones: 6, agentsPerCheckout: 2, operations: 6000, killChance: 0.02, goneAfterSeconds: 60 };
/**
 * The deliberately broken claim (check-then-write instead of exclusive create), in a plain folder. Sized by work, not
 * time: a loaded machine (load 8) did only 181 operations in the 20 s this once ran for and caught nothing (seed
 * 1796861254). It runs until an exclusion violation is certain, at most `operations` agent operations: far more than
 * the 2–274 it took to the first one over the 26 seeds measured (quiet, and at 0.4 of a core). The window between the
 * look and the write is 300 ms: a race needs two claims' looks inside it, and on a slow machine every process stretches
 * but the sleep does not — at 0.4 of a core with 80 ms, one run went 1,220 operations without an exclusion, one 701
 * (on one item) without a race at all. The cap only stops a run on a machine too slow to judge.
 */
export const brokenConfig = {
  plain: true, agentsPerCheckout: 6, items: 2, killChance: 0, lateKills: 0, loopKills: false,
  operations: 2000, stopOnExclusion: true, maxDurationMs: 10 * 60_000,
  weights: { claim: 40, path: 10, next: 0, renew: 5, release: 30, done: 0, send: 0, add: 0, beat: 0, stop: 0 },
  thinkMs: [0, 150],
  preload: [checkerPreloads.brokenExclusiveCreate],
  env: { COORD_BROKEN_CREATE: '1', COORD_BROKEN_CREATE_DELAY_MS: '300' },
};

// ---------------------------------------------------------------------------------------------------------------
// Small tools

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Sleeps `ms`, or less when `stop()` becomes true (looked at every 200 ms). */
async function sleepUnless(ms, stop) {
  const until = Date.now() + ms;
  while (Date.now() < until && !stop()) await sleep(Math.min(200, until - Date.now()));
}

function hashText(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function weightedPick(rng, weights) {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[entries.length - 1][0];
}

/** Agent processes at once; heartbeats and the final steps go first. */
class Slots {
  constructor(n) {
    this.free = n;
    this.high = [];
    this.low = [];
  }
  acquire(high) {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((r) => (high ? this.high : this.low).push(r));
  }
  release() {
    const next = this.high.shift() ?? this.low.shift();
    if (next) next();
    else this.free++;
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function listDir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Whether two path-claim globs can cover a common file, with "a glob covers what is below what it matches":
 * segment by segment, `**` overlaps whatever follows, a shorter glob covers what is below the longer one's
 * prefix, a literal segment against a wildcard segment is matched, two wildcard segments are taken to overlap
 * (conservative: never misses an overlap; exact for defaultGlobs, see the test).
 */
export function globsOverlap(a, b) {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; ; i++) {
    if (i >= sa.length || i >= sb.length) return true;
    if (sa[i] === '**' || sb[i] === '**') return true;
    if (!segmentsOverlap(sa[i], sb[i])) return false;
  }
}

const wild = (s) => /[*?[\]{}]/.test(s);
function segmentRegex(seg) {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${seg.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
function segmentsOverlap(x, y) {
  if (x === y) return true;
  if (!wild(x) && !wild(y)) return false;
  if (!wild(x)) return segmentRegex(y).test(x);
  if (!wild(y)) return segmentRegex(x).test(y);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// The run

/**
 * Runs one world and judges it. Returns { seed, config, counts, violations, report(), ... }; `violations` is a
 * list of { check, key?, text, history? } — empty for a clean run.
 */
export async function runClaimCheck(options = {}) {
  const cfg = { ...defaultConfig, ...options, weights: { ...defaultWeights, ...(options.weights ?? {}) } };
  const envSeed = process.env.COORD_CHECK_SEED;
  const seed = cfg.seed ?? (envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31));
  if (!Number.isInteger(seed)) throw new Error(`claim checker: seed ${JSON.stringify(envSeed ?? cfg.seed)} is not a whole number`);
  const ctx = makeContext(cfg, seed);
  cfg.log(`seed ${seed} (replay with COORD_CHECK_SEED=${seed}); ${describeConfig(cfg)}`);
  try {
    await setUp(ctx);
    await randomPhase(ctx);
    await finalPhase(ctx);
    judge(ctx);
  } catch (error) {
    ctx.violations.push({ check: '0 contract', text: `the checker itself failed: ${error instanceof Error ? error.stack : String(error)}` });
  } finally {
    await tearDown(ctx);
  }
  const result = summarize(ctx);
  if (result.violations.length > 0 || cfg.logFile) writeOpLog(ctx, result);
  return result;
}

function describeConfig(cfg) {
  const world = cfg.plain ? 'one plain folder' : cfg.clones === 0 ? `a repository with no remote and ${cfg.worktrees} worktree(s)` : `${cfg.worktrees} worktree(s) + ${cfg.clones} clone(s) of a bare remote`;
  const cap = `at most ${Math.round(cfg.maxDurationMs / 1000)} s`;
  const floor = cfg.minOperations ? ` and ${cfg.minOperations} operations` : '';
  const size = (cfg.operations ? `${cfg.operations} operations` : `${Math.round(cfg.durationMs / 1000)} s${floor}`)
    + `${cfg.stopOnExclusion ? ' or until an exclusion violation is certain' : ''} (${cap})`;
  return `${world}, ${cfg.agentsPerCheckout} agents per checkout, ${size}, ${cfg.slots} slots, gone after ${cfg.goneAfterSeconds} s, ttl ${cfg.ttl}${cfg.preload.length ? `, preload ${cfg.preload.map((p) => p.split('/').pop()).join(' ')}` : ''}`;
}

function makeContext(cfg, seed) {
  return {
    cfg, seed,
    sub: (label) => makeRng((Math.imul(seed, 1000003) ^ hashText(label)) >>> 0),
    t0: Date.now(),
    phase: 'setup',
    world: undefined,
    checkouts: [],
    trees: [], // distinct live tree folders
    env: {},
    slots: new Slots(cfg.slots),
    ops: [],
    agentOps: 0,
    durations: new Map(),
    agents: [],
    agentsBySession: new Map(),
    sessions: [],
    killed: new Set(),
    holds: [],
    lossSignals: [],
    released: [], // leases a release / work done / stop answered exit 0 for
    sent: [],
    msgSeq: 0,
    itemSeq: 0,
    openItems: 0,
    globByName: new Map(),
    loops: new Map(),
    loopsStopping: false,
    remoteAway: false,
    faults: [],
    samples: new Map(), // tree -> [{ s0, s1, leases: Set<leaseId> }]
    tornReads: [],
    violations: [],
    notes: [],
    leftovers: { first: [], final: [] },
    takeovers: [],
    authority: [],
    settle: [],
    runStart: 0,
    runEnd: 0,
    tEnd: 0,
  };
}

const rel = (ctx, t) => (t === undefined || !Number.isFinite(t) ? '—' : `+${((t - ctx.t0) / 1000).toFixed(3)}s`);

// ---------------------------------------------------------------------------------------------------------------
// World

async function setUp(ctx) {
  const { cfg } = ctx;
  if (cfg.plain) {
    const dir = mkdtempSync(join(tmpdir(), 'coord-check-plain-'));
    const root = join(dir, 'p0');
    mkdirSync(root);
    ctx.world = { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    ctx.checkouts.push({ name: 'p0', root, kind: 'plain', tree: initTree(root) });
  } else if (cfg.clones === 0) {
    // Worktrees of one repository with no remote (the first case of issue 11): the live tree is the authority.
    const dir = mkdtempSync(join(tmpdir(), 'coord-check-local-'));
    const root = join(dir, 'r0');
    git(dir, ['init', '-q', root]);
    ctx.world = { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    ctx.checkouts.push({ name: 'r0', root, kind: 'clone', repo: 'r0', tree: initTree(root) });
    addWorktrees(ctx, root, 'r0', dir);
  } else {
    const world = createWorld({ clones: cfg.clones, prefix: 'coord-check-' });
    ctx.world = world;
    // An outage takes the remote away for new connections only, as a network outage does: every clone's remote
    // URL points at a path that does not exist. Renaming the bare repository away instead moved it under a
    // receive-pack in the middle of a ref update, which then could neither commit nor remove its lock file — a
    // stale lock on the remote that no computer can clear (seed 1963279359), made by the fault, not the product.
    const unreachable = join(world.dir, 'remote-unreachable.git');
    const pointAt = (url) => {
      for (const clone of world.clones) git(clone.root, ['config', 'remote.origin.url', url]);
    };
    ctx.breakRemote = () => pointAt(unreachable);
    ctx.restoreRemote = () => pointAt(world.remote);
    ctx.env = { ...world.env };
    git(world.remote, ['config', 'core.logAllRefUpdates', 'always']);
    // No automatic gc on the remote: its pack-refs runs reference transactions of its own (every ref "created" in
    // packed-refs, then each loose copy "deleted"), which the hook below cannot tell from pushes in git 2.39 — they
    // read as claims released and then renewed (seed 563768650, at 6 clones, where a run makes enough objects).
    git(world.remote, ['config', 'receive.autogc', 'false']);
    git(world.remote, ['config', 'gc.auto', '0']);
    ctx.authorityLog = join(world.dir, 'authority.log');
    writeFileSync(ctx.authorityLog, '');
    const hook = join(world.remote, 'hooks', 'reference-transaction');
    mkdirSync(dirname(hook), { recursive: true });
    writeFileSync(hook, [
      '#!/bin/sh',
      '# The claim checker: every committed update of a claim ref, with the time in ms, in the order the remote made them.',
      '[ "$1" = committed ] || exit 0',
      't=$(date +%s%3N)',
      'while read -r old new ref; do',
      `  case "$ref" in refs/coordination/claims/*) printf '%s %s %s %s\\n' "$t" "$old" "$new" "$ref" >> '${ctx.authorityLog}' ;; esac`,
      'done',
      'exit 0',
      '',
    ].join('\n'));
    chmodSync(hook, 0o755);
    for (const clone of world.clones) ctx.checkouts.push({ name: clone.name, root: clone.root, kind: 'clone', repo: clone.name, tree: initTree(clone.root) });
    addWorktrees(ctx, world.clones[0].root, world.clones[0].name, world.dir);
  }
  ctx.trees = [...new Set(ctx.checkouts.map((c) => c.tree))];
  // The thresholds, before any agent starts: gone soon enough that killed agents' claims are taken over within
  // the run, far longer than the gap between a live agent's beats.
  for (const tree of ctx.trees) {
    const file = join(tree, 'protocol.json');
    const current = readJson(file) ?? { object: 'protocol', version: 1 };
    const next = { ...current, heartbeatIntervalSeconds: cfg.heartbeatIntervalSeconds, goneAfterSeconds: cfg.goneAfterSeconds, defaultTtlSeconds: cfg.ttlSeconds };
    writeFileSync(`${file}.checker.tmp`, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(`${file}.checker.tmp`, file);
  }
  for (const tree of ctx.trees) ctx.samples.set(tree, []);

  // Agents' sessions, then the first work items, then every checkout knows everything (two passes).
  const starts = [];
  for (const checkout of ctx.checkouts) {
    for (let i = 0; i < cfg.agentsPerCheckout; i++) {
      const agent = newAgent(ctx, checkout, i, 0);
      starts.push(startAgent(ctx, agent));
    }
  }
  await Promise.all(starts);
  for (let i = 0; i < cfg.workItems; i++) await addWorkItem(ctx, ctx.agents[0]);
  if (!cfg.plain) await settleRounds(ctx, 2, 'setup');
}

/** `cfg.worktrees` linked worktrees of the repository at `main` (after a first commit to make them from). */
function addWorktrees(ctx, main, name, dir) {
  if (ctx.cfg.worktrees <= 0) return;
  writeFileSync(join(main, 'README.md'), 'A repository for the claim checker.\n');
  git(main, ['add', 'README.md']);
  git(main, ['commit', '-q', '-m', 'a commit to make worktrees from']);
  for (let i = 1; i <= ctx.cfg.worktrees; i++) {
    const root = join(dir, `${name}-wt${i}`);
    git(main, ['worktree', 'add', '-q', '-b', `wt${i}`, root]);
    ctx.checkouts.push({ name: `${name}-wt${i}`, root, kind: 'worktree', repo: name, tree: initTree(root) });
  }
}

function initTree(root) {
  const r = runCoordSync(['init', '--json'], { cwd: root });
  if (!r.json?.dir) throw new Error(`coord init --json in ${root} printed no dir: ${r.stdout}${r.stderr}`);
  return resolve(r.json.dir);
}

async function tearDown(ctx) {
  clearInterval(ctx.sampler);
  ctx.loopsStopping = true;
  for (const loop of ctx.loops.values()) loop.child?.kill('SIGKILL');
  if (ctx.remoteAway) {
    try {
      ctx.restoreRemote();
    } catch {
      // already back
    }
  }
  if (!ctx.cfg.keep) ctx.world?.cleanup();
  else if (ctx.world) ctx.cfg.log(`kept the world in ${ctx.world.dir}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

function median(list) {
  if (!list || list.length === 0) return 300;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** One coord process for `agent` (or a setup / final step with no agent), logged; resolves with its entry. */
function execOp(ctx, { agent, checkout, op, args, key, mayKill = false, session, onStart, killAfterMs }) {
  const { cfg } = ctx;
  const cwd = (checkout ?? agent.checkout).root;
  const acting = session ?? agent?.session;
  const entry = {
    n: ctx.ops.length, phase: ctx.phase, agent: agent?.label, session: acting, checkout: (checkout ?? agent.checkout).name,
    op, args, key, start: Date.now(), remoteAway: ctx.remoteAway,
  };
  ctx.ops.push(entry);
  if (ctx.phase === 'run' && agent) entry.agentOp = ++ctx.agentOps;
  onStart?.(entry);
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [...cfg.preload.flatMap((p) => ['--require', p]), cliPath, ...args], {
      cwd, env: coordEnv(acting, { ...ctx.env, ...cfg.env }), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let done = false;
    let killTimer;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    if (killAfterMs !== undefined || (mayKill && agent && killAllowed(ctx) && agent.rng.chance(cfg.killChance))) {
      const delay = killAfterMs ?? agent.rng.int(0, Math.max(80, Math.round(median(ctx.durations.get(op)) * 1.3)));
      entry.plannedKillMs = delay;
      killTimer = setTimeout(() => {
        if (done) return;
        entry.killedAt = Date.now();
        child.kill('SIGKILL');
      }, delay);
    }
    const hangTimer = setTimeout(() => {
      if (done) return;
      entry.hung = true;
      entry.killedAt = Date.now();
      child.kill('SIGKILL');
    }, cfg.opTimeoutMs);
    const finish = (code, signal, error) => {
      if (done) return;
      done = true;
      clearTimeout(killTimer);
      clearTimeout(hangTimer);
      entry.end = Date.now();
      entry.code = code;
      entry.signal = signal;
      if (error) entry.spawnError = String(error);
      if (args.includes('--json') && stdout.trim() !== '' && signal === null) {
        try {
          entry.json = JSON.parse(stdout);
        } catch (e) {
          entry.jsonError = e instanceof Error ? e.message : String(e);
          entry.out = stdout.slice(0, 2000);
        }
      } else if (stdout.trim() !== '') entry.out = stdout.slice(0, 2000);
      if (stderr.trim() !== '') entry.err = stderr.trim().slice(0, 2000);
      if (signal === null) {
        const list = ctx.durations.get(op) ?? [];
        list.push(entry.end - entry.start);
        if (list.length > 60) list.shift();
        ctx.durations.set(op, list);
      }
      if (entry.hung) ctx.violations.push({ check: '0 contract', key, text: `op #${entry.n} coord ${args.join(' ')} (${entry.checkout}, ${acting ?? 'no session'}) hung for ${cfg.opTimeoutMs / 1000} s and was killed` });
      else if (signal === null && agent && ctx.phase !== 'setup') checkContract(ctx, entry);
      resolvePromise(entry);
    };
    child.on('error', (error) => finish(-1, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Exit 0 or 1 only, no crash, JSON when asked for. */
function checkContract(ctx, entry) {
  const what = `op #${entry.n} coord ${entry.args.join(' ')} (${entry.checkout}, ${entry.session})`;
  if (entry.code !== 0 && entry.code !== 1) ctx.violations.push({ check: '0 contract', key: entry.key, text: `${what} exited ${entry.code}: ${(entry.json ? JSON.stringify(entry.json) : `${entry.out ?? ''}${entry.err ?? ''}`).slice(0, 600)}` });
  else if (looksLikeCrash({ stderr: entry.err ?? '', json: entry.json })) ctx.violations.push({ check: '0 contract', key: entry.key, text: `${what} crashed: ${(entry.err ?? JSON.stringify(entry.json)).slice(0, 600)}` });
  else if (entry.jsonError) ctx.violations.push({ check: '0 contract', key: entry.key, text: `${what} printed output that is not JSON (${entry.jsonError}): ${entry.out?.slice(0, 300)}` });
}

function killAllowed(ctx) {
  const { cfg } = ctx;
  if (ctx.phase !== 'run' || cfg.killChance <= 0) return false;
  if (cfg.operations) return ctx.agentOps < cfg.operations * 0.85;
  const window = cfg.killWindowMs ?? Math.max(cfg.durationMs * 0.3, cfg.durationMs - cfg.goneAfterSeconds * 1000 - 5000);
  return Date.now() < ctx.runStart + window;
}

// ---------------------------------------------------------------------------------------------------------------
// Agents

function newAgent(ctx, checkout, slot, gen) {
  const label = `${checkout.name}-a${slot}-g${gen}`;
  const agent = {
    label, checkout, slot, gen, rng: ctx.sub(`agent ${label}`), session: undefined,
    dead: false, deadAt: undefined, stopped: false, stoppedAt: undefined,
    beats: [], lastBeatAt: 0, lastPossibleBeat: 0, beliefs: new Map(),
  };
  ctx.agents.push(agent);
  return agent;
}

async function startAgent(ctx, agent) {
  await ctx.slots.acquire(true);
  let entry;
  try {
    entry = await execOp(ctx, { agent, op: 'start', args: ['start', '--name', agent.label, '--json'], mayKill: false });
  } finally {
    ctx.slots.release();
  }
  const id = entry.json?.session?.id;
  if (entry.code !== 0 || !id) {
    ctx.violations.push({ check: '0 contract', text: `coord start in ${agent.checkout.name} failed: exit ${entry.code ?? entry.signal} ${entry.out ?? ''}${entry.err ?? ''}`.slice(0, 600) });
    agent.dead = true;
    agent.deadAt = entry.end;
    return false;
  }
  agent.session = id;
  entry.session = id;
  ctx.agentsBySession.set(id, agent);
  ctx.sessions.push(id);
  agent.beats.push({ start: entry.start, end: entry.end });
  agent.lastBeatAt = entry.start;
  agent.lastPossibleBeat = entry.end;
  return true;
}

async function randomPhase(ctx) {
  const { cfg } = ctx;
  ctx.phase = 'run';
  ctx.runStart = Date.now();
  ctx.runEnd = ctx.runStart + cfg.maxDurationMs;
  ctx.sampler = setInterval(() => sample(ctx), cfg.sampleEveryMs);
  if (cfg.loops) for (const checkout of ctx.checkouts) startLoop(ctx, checkout);
  const progress = setInterval(() => cfg.log(progressLine(ctx)), cfg.operations ? 30_000 : 15_000);
  const background = [];
  if (cfg.loops && cfg.loopKills) background.push(loopKiller(ctx));
  if (ctx.breakRemote && cfg.outages) background.push(outages(ctx));
  const slots = [];
  const firstGen = new Map();
  for (const agent of [...ctx.agents]) firstGen.set(`${agent.checkout.name}/${agent.slot}`, agent);
  for (const checkout of ctx.checkouts) {
    for (let i = 0; i < cfg.agentsPerCheckout; i++) slots.push(agentSlot(ctx, checkout, i, firstGen.get(`${checkout.name}/${i}`)));
  }
  await Promise.all(slots);
  ctx.phase = 'final';
  await Promise.all(background);
  clearInterval(progress);
  cfg.log(progressLine(ctx));
}

/** Whether the random phase is over; the first reason it is over is kept in ctx.stoppedBy (see counts). */
function phaseOver(ctx) {
  if (ctx.stoppedBy) return true;
  ctx.stoppedBy = whyPhaseOver(ctx);
  return ctx.stoppedBy !== undefined;
}

function whyPhaseOver(ctx) {
  const { cfg } = ctx;
  if (cfg.stopOnExclusion && exclusionCertain(ctx)) return 'exclusion';
  if (cfg.operations) return ctx.agentOps >= cfg.operations ? 'operations' : timeCapped(ctx);
  if (Date.now() >= ctx.runStart + cfg.durationMs && ctx.agentOps >= cfg.minOperations) return 'duration';
  return timeCapped(ctx);
}

const timeCapped = (ctx) => (Date.now() >= ctx.runEnd ? 'time cap' : undefined);

/**
 * Whether the holds so far already contain two sessions' holds that check 1 (judge) will find overlapping, whatever
 * happens next: each hold's end is taken at its earliest possible value. A hold still open may yet end at the start
 * of its holder's step under way (a release, or an answer that says it was lost), else no earlier than now; the
 * lease end and the gone moment only move later as renewals and beats come in.
 */
function exclusionCertain(ctx) {
  const now = Date.now();
  if (now - (ctx.lastExclusionCheck ?? 0) < 100) return false; // every phaseOver() asks: a look every 0.1 s is enough
  ctx.lastExclusionCheck = now;
  const earliestEnd = (h) => {
    const agent = ctx.agentsBySession.get(h.session);
    return Math.min(h.explicitEnd ?? Math.min(now, agent.stepStart ?? now), ruleEndOf(ctx, h));
  };
  let pair;
  forEachOverlap(ctx.holds, earliestEnd, (...found) => (pair = found));
  if (!pair) return false;
  const [first, second] = pair;
  const atOperation = Math.max(ctx.ops[first.startOp].agentOp, ctx.ops[second.startOp].agentOp);
  ctx.firstExclusion = { afterOperations: ctx.agentOps, atOperation, t: now };
  return true;
}

function progressLine(ctx) {
  const kills = ctx.ops.filter((e) => e.killedAt && !e.hung).length;
  const holds = ctx.holds.length;
  const loopKills = ctx.faults.filter((f) => f.kind === 'loop-kill').length;
  const outagesN = ctx.faults.filter((f) => f.kind === 'outage').length;
  return `${rel(ctx, Date.now())}: ${ctx.agentOps} agent operations, ${holds} holds, ${kills} agents killed, ${loopKills} loops killed, ${outagesN} outages, ${ctx.sent.length} messages sent`;
}

async function agentSlot(ctx, checkout, slot, first) {
  const { cfg } = ctx;
  const rng = ctx.sub(`slot ${checkout.name}/${slot}`);
  let agent = first;
  let gen = 1;
  while (!phaseOver(ctx)) {
    if (!agent || agent.dead || agent.stopped) {
      await sleep(rng.int(500, 2000));
      if (phaseOver(ctx)) break;
      agent = newAgent(ctx, checkout, slot, gen++);
      if (!(await startAgent(ctx, agent))) continue;
    }
    agent.stepStart = Date.now(); // exclusionCertain: a hold may still end at the start of this step
    await agentStep(ctx, agent);
    agent.stepStart = undefined;
    await sleep(agent.rng.int(cfg.thinkMs[0], cfg.thinkMs[1]));
  }
}

const namedKey = (type, name) => `${type}/${name}`;
const pathKey = (glob) => `path ${glob}`;
/** The key in `heartbeat`'s `renewed` and `stop`'s `released` lists: `<type>/<name>` (a path claim's name is its key). */
const listedKey = (belief) => namedKey(belief.claim.type, belief.claim.name);

function claimArgs(belief) {
  return belief.claim.glob !== undefined ? ['path', belief.claim.glob] : [belief.claim.type, belief.claim.name];
}

async function agentStep(ctx, agent) {
  const { cfg } = ctx;
  if (Date.now() - agent.lastBeatAt >= cfg.heartbeatEveryMs) return heartbeat(ctx, agent);
  const held = [...agent.beliefs.values()];
  let kind = weightedPick(agent.rng, cfg.weights);
  if (kind === 'done' && !held.some((b) => b.claim.type === 'work')) kind = 'next';
  if (kind === 'add' && ctx.openItems >= 3) kind = 'claim';
  switch (kind) {
    case 'claim': {
      const name = `i${agent.rng.int(0, cfg.items - 1)}`;
      return claimOp(ctx, agent, namedKey('issue', name), ['claim', 'issue', name]);
    }
    case 'path': {
      const glob = agent.rng.pick(cfg.globs);
      return claimOp(ctx, agent, pathKey(glob), ['claim', 'path', glob]);
    }
    case 'next':
      return workNext(ctx, agent);
    case 'renew':
    case 'release': {
      let key;
      let args;
      if (held.length > 0 && agent.rng.chance(0.85)) {
        const b = agent.rng.pick(held);
        key = b.key;
        args = claimArgs(b);
      } else {
        const name = `i${agent.rng.int(0, cfg.items - 1)}`;
        key = namedKey('issue', name);
        args = ['issue', name];
      }
      return kind === 'renew' ? renewOp(ctx, agent, key, args) : releaseOp(ctx, agent, key, args);
    }
    case 'done':
      return workDone(ctx, agent, agent.rng.pick(held.filter((b) => b.claim.type === 'work')));
    case 'send':
      return sendOp(ctx, agent);
    case 'add':
      return addWorkItem(ctx, agent);
    case 'beat':
      return heartbeat(ctx, agent);
    case 'stop':
      return stopOp(ctx, agent);
    default:
      throw new Error(`unknown step ${kind}`);
  }
}

async function agentOp(ctx, agent, spec, high = false) {
  await ctx.slots.acquire(high || ctx.phase !== 'run');
  try {
    const entry = await execOp(ctx, { agent, mayKill: ctx.phase === 'run', ...spec });
    if (entry.signal === 'SIGKILL' && entry.killedAt) agentDies(ctx, agent, entry.killedAt, entry);
    return entry;
  } finally {
    ctx.slots.release();
  }
}

function agentDies(ctx, agent, t, entry) {
  if (agent.dead) return;
  agent.dead = true;
  agent.deadAt = t;
  agent.lastPossibleBeat = Math.max(agent.lastPossibleBeat, t);
  ctx.killed.add(agent.session);
  for (const b of agent.beliefs.values()) if (b.hold) endHold(b.hold, t, 'killed', entry.n);
}

function newHold(ctx, agent, key, claim, entry, confirmation) {
  const hold = {
    id: ctx.holds.length, session: agent.session, agent: agent.label, checkout: agent.checkout.name, tree: agent.checkout.tree,
    key, type: claim.type, name: claim.name, glob: claim.glob, acquiredAt: claim.acquiredAt, confirmation: confirmation ?? 'none',
    start: entry.end, startOp: entry.n, claimStart: entry.start, leaseStart: entry.start, ttlMs: (claim.ttl ?? ctx.cfg.ttlSeconds) * 1000, renewals: [],
    explicitEnd: undefined, endReason: undefined, endOp: undefined,
  };
  ctx.holds.push(hold);
  return hold;
}

function endHold(hold, t, reason, opN) {
  if (hold.explicitEnd !== undefined) return;
  hold.explicitEnd = t;
  hold.endReason = reason;
  hold.endOp = opN;
}

function renewal(hold, entry, ttlSeconds) {
  hold.renewals.push({ t: entry.start, ttlMs: (ttlSeconds ?? hold.ttlMs / 1000) * 1000, op: entry.n });
}

/** The agent was told, at `entry.start` at the latest, that it no longer holds a claim it won: judged later. */
function lossSignal(ctx, hold, entry, reason) {
  ctx.lossSignals.push({ hold, t: entry.start, op: entry.n, reason });
  endHold(hold, entry.start, `lost (${reason})`, entry.n);
}

function errorText(entry) {
  return String(entry.json?.error?.message ?? entry.err ?? entry.out ?? '').slice(0, 300);
}

function rememberGlob(ctx, claim) {
  if (claim?.type === 'path' && claim.glob !== undefined) ctx.globByName.set(claim.name, claim.glob);
}

async function claimOp(ctx, agent, key, base) {
  const entry = await agentOp(ctx, agent, { op: base[1] === 'path' ? 'claim path' : 'claim', key, args: [...base, '--ttl', ctx.cfg.ttl, '--json'] });
  if (agent.dead || entry.signal) return entry;
  applyClaimAnswer(ctx, agent, key, entry, entry.json?.claim, entry.json?.confirmation);
  return entry;
}

/** A claim-like answer (claim, work next, a takeover): a hold, a pending intent, or a refusal. */
function applyClaimAnswer(ctx, agent, key, entry, claim, confirmation) {
  const b = agent.beliefs.get(key);
  if (entry.code === 0 && claim) {
    rememberGlob(ctx, claim);
    if (claim.holder !== agent.session) {
      ctx.violations.push({ check: '0 contract', key, text: `op #${entry.n} coord ${entry.args.join(' ')} answered exit 0 for ${agent.session} with a claim held by ${claim.holder}` });
      return;
    }
    const isHold = confirmation === undefined || confirmation === 'confirmed';
    if (b?.hold && b.hold.explicitEnd === undefined) {
      if (b.hold.acquiredAt === undefined || claim.acquiredAt === b.hold.acquiredAt) {
        renewal(b.hold, entry, claim.ttl);
        return;
      }
      // A different lease of ours over the one we held: that one was lost in between.
      lossSignal(ctx, b.hold, entry, `claim answered a new lease (taken ${claim.acquiredAt}) instead of the held one (taken ${b.hold.acquiredAt})`);
    }
    if (isHold) agent.beliefs.set(key, { key, status: 'hold', claim, hold: newHold(ctx, agent, key, claim, entry, confirmation) });
    else agent.beliefs.set(key, { key, status: 'pending', claim, since: entry.end });
  } else if (entry.code === 1) {
    if (b?.hold && b.hold.explicitEnd === undefined) lossSignal(ctx, b.hold, entry, `claim refused: ${errorText(entry)}`);
    agent.beliefs.delete(key);
  } else if (entry.code === 0) {
    ctx.violations.push({ check: '0 contract', key, text: `op #${entry.n} coord ${entry.args.join(' ')} answered exit 0 with no claim: ${JSON.stringify(entry.json ?? entry.out).slice(0, 300)}` });
  }
}

const notHeld = /do not hold|not claimed|nobody claims/;

async function renewOp(ctx, agent, key, args) {
  const entry = await agentOp(ctx, agent, { op: 'renew', key, args: ['renew', ...args, '--ttl', ctx.cfg.ttl, '--json'] });
  if (agent.dead || entry.signal) return entry;
  const b = agent.beliefs.get(key);
  if (entry.code === 0) {
    const claim = entry.json?.claim;
    if (b?.hold && b.hold.explicitEnd === undefined) {
      if (b.hold.acquiredAt === undefined || claim?.acquiredAt === b.hold.acquiredAt) renewal(b.hold, entry, claim?.ttl);
      else lossSignal(ctx, b.hold, entry, `renew answered another lease (taken ${claim?.acquiredAt})`);
    }
  } else if (entry.code === 1 && notHeld.test(errorText(entry))) {
    if (b?.hold && b.hold.explicitEnd === undefined) lossSignal(ctx, b.hold, entry, `renew: ${errorText(entry)}`);
    agent.beliefs.delete(key);
  }
  return entry;
}

async function releaseOp(ctx, agent, key, args) {
  const b = agent.beliefs.get(key);
  // A hold ends at the START of the process that gives it back (conservative for exclusion).
  const onStart = (e) => b?.hold && endHold(b.hold, e.start, 'release', e.n);
  const entry = await agentOp(ctx, agent, { op: 'release', key, args: ['release', ...args, '--json'], onStart }, ctx.phase !== 'run');
  if (agent.dead || entry.signal) return entry;
  if (entry.code === 0) {
    const lease = entry.json?.released;
    if (lease) {
      rememberGlob(ctx, lease);
      recordRelease(ctx, agent, key, lease.holder, lease.acquiredAt, entry);
      if (lease.holder !== agent.session) ctx.violations.push({ check: '0 contract', key, text: `op #${entry.n} release by ${agent.session} (no --force) released ${lease.holder}'s claim` });
    } else if (b) recordRelease(ctx, agent, key, agent.session, b.claim.acquiredAt, entry);
    agent.beliefs.delete(key);
  } else if (entry.code === 1) {
    if (b?.hold && notHeld.test(errorText(entry))) lossSignal(ctx, b.hold, entry, `release: ${errorText(entry)}`);
    if (notHeld.test(errorText(entry))) agent.beliefs.delete(key);
  }
  return entry;
}

function recordRelease(ctx, agent, key, holder, acquiredAt, entry) {
  ctx.released.push({ key, holder, acquiredAt, end: entry.end, start: entry.start, tree: agent.checkout.tree, checkout: agent.checkout.name, op: entry.n });
}

async function workNext(ctx, agent) {
  const entry = await agentOp(ctx, agent, { op: 'work next', args: ['work', 'next', '--ttl', ctx.cfg.ttl, '--json'] });
  if (agent.dead || entry.signal) return entry;
  const id = entry.json?.item?.id;
  if (entry.code !== 0 || !id) return entry;
  const key = namedKey('work', id);
  entry.key = key;
  let claim = entry.json.claim?.acquiredAt ? entry.json.claim : undefined;
  if (!claim) {
    // `work next --json` names the claim without its lease: read the lease from the agent's own tree (a file read,
    // not product code), so the lease can be followed; a file that is not ours leaves acquiredAt unknown.
    const file = readJson(join(agent.checkout.tree, 'claims', 'work', `${id}.json`));
    claim = file?.holder === agent.session ? file : { type: 'work', name: id, holder: agent.session, ttl: ctx.cfg.ttlSeconds };
  }
  applyClaimAnswer(ctx, agent, key, entry, claim, entry.json.confirmation);
  return entry;
}

async function workDone(ctx, agent, belief) {
  const id = belief.claim.name;
  const onStart = (e) => belief.hold && endHold(belief.hold, e.start, 'work done', e.n);
  const entry = await agentOp(ctx, agent, { op: 'work done', key: belief.key, args: ['work', 'done', id, '--json'], onStart });
  if (agent.dead || entry.signal) return entry;
  if (entry.code === 0) {
    ctx.openItems--;
    recordRelease(ctx, agent, belief.key, agent.session, belief.claim.acquiredAt, entry);
    agent.beliefs.delete(belief.key);
  } else if (entry.code === 1) {
    if (belief.hold && /claimed by/.test(errorText(entry))) lossSignal(ctx, belief.hold, entry, `work done: ${errorText(entry)}`);
    agent.beliefs.delete(belief.key);
  }
  return entry;
}

async function heartbeat(ctx, agent) {
  agent.lastBeatAt = Date.now();
  const progress = agent.rng.int(0, 100);
  const entry = await agentOp(ctx, agent, { op: 'heartbeat', args: ['heartbeat', 'editing', `src/f${agent.rng.int(0, 9)}.ts`, 'implement', String(progress), '--json'] }, true);
  if (entry.signal === 'SIGKILL') return entry;
  if (entry.code !== 0) return entry;
  agent.beats.push({ start: entry.start, end: entry.end });
  agent.lastPossibleBeat = entry.end;
  const renewed = new Set(entry.json?.renewed ?? []);
  entry.keys = [];
  for (const b of [...agent.beliefs.values()]) {
    entry.keys.push(b.key);
    if (renewed.has(listedKey(b))) {
      if (b.hold) renewal(b.hold, entry);
    } else if (b.hold) {
      if (b.hold.explicitEnd === undefined) lossSignal(ctx, b.hold, entry, 'heartbeat did not renew it (no longer in its tree)');
      agent.beliefs.delete(b.key);
    } else agent.beliefs.delete(b.key); // a pending intent withdrawn meanwhile: allowed
  }
  return entry;
}

async function sendOp(ctx, agent) {
  const others = ctx.sessions.filter((s) => s !== agent.session);
  const to = others.length === 0 || agent.rng.chance(0.15) ? 'broadcast' : agent.rng.pick(others);
  const subject = `chk msg ${ctx.msgSeq++} from ${agent.label}`;
  const entry = await agentOp(ctx, agent, { op: 'send', args: ['send', to, subject, `from ${agent.session} to ${to}`, '--json'] });
  if (entry.code === 0 && entry.signal === null) {
    const id = entry.json?.message?.id;
    if (!id) ctx.violations.push({ check: '0 contract', text: `op #${entry.n} send answered exit 0 without a message id` });
    else ctx.sent.push({ id, from: agent.session, to, subject, end: entry.end, op: entry.n });
  }
  return entry;
}

async function addWorkItem(ctx, agent) {
  const title = `chk item ${ctx.itemSeq++}`;
  const entry = ctx.phase === 'run'
    ? await agentOp(ctx, agent, { op: 'work add', args: ['work', 'add', title, '--priority', String(agent.rng.int(0, 100)), '--json'] })
    : await execOp(ctx, { agent, op: 'work add', args: ['work', 'add', title, '--json'] });
  if (entry.code === 0 && entry.signal === null) ctx.openItems++;
  return entry;
}

async function stopOp(ctx, agent) {
  const onStart = (e) => {
    for (const b of agent.beliefs.values()) if (b.hold) endHold(b.hold, e.start, 'stop', e.n);
  };
  const entry = await agentOp(ctx, agent, { op: 'stop', args: ['stop', '--json'], onStart }, ctx.phase !== 'run');
  entry.keys = [...agent.beliefs.keys()];
  if (agent.dead || entry.signal) return entry;
  if (entry.code === 0) {
    const released = new Set(entry.json?.released ?? []);
    for (const b of agent.beliefs.values()) {
      if (released.has(listedKey(b))) recordRelease(ctx, agent, b.key, agent.session, b.claim.acquiredAt, entry);
      else if (b.hold) lossSignal(ctx, b.hold, entry, 'stop did not release it (no longer in its tree)');
    }
    agent.beliefs.clear();
    agent.stopped = true;
    agent.stoppedAt = entry.end;
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------------------------
// Loops and faults

function startLoop(ctx, checkout) {
  const { cfg } = ctx;
  let loop = ctx.loops.get(checkout.name);
  if (!loop) {
    loop = { checkout, starts: 0, kills: 0, syncOk: 0, syncFailed: 0, health: 0, exits: [], lines: [], child: undefined };
    ctx.loops.set(checkout.name, loop);
  }
  if (loop.child || ctx.loopsStopping) return;
  // --wait: after the rewrite the worktrees of one repository share one loop lock, so a second watch waits for
  // the first (and takes over when it is killed) instead of exiting 1.
  const child = spawn(process.execPath, [...cfg.preload.flatMap((p) => ['--require', p]), cliPath, 'watch', '--interval', cfg.loopInterval, '--health-interval', cfg.healthInterval, '--json', '--wait'], {
    cwd: checkout.root, env: coordEnv(undefined, { ...ctx.env, ...cfg.env }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  loop.child = child;
  loop.starts++;
  loop.killedByUs = false;
  let buffer = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let value;
      try {
        value = JSON.parse(line);
      } catch {
        value = { text: line };
      }
      if (value.loop === 'sync') value.ok === false ? loop.syncFailed++ : loop.syncOk++;
      if (value.loop === 'health') loop.health++;
      loop.lines.push(`${rel(ctx, Date.now())} ${line.slice(0, 300)}`);
      if (loop.lines.length > 40) loop.lines.shift();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  child.on('close', (code, signal) => {
    loop.child = undefined;
    loop.exits.push({ at: Date.now(), code, signal, byUs: loop.killedByUs, stderr: stderr.trim() });
    if (loop.onExit) loop.onExit();
    if (ctx.loopsStopping || loop.killedByUs) return;
    // Exited on its own (after the rewrite: "another process runs the loop" is normal): start it again shortly.
    ctx.notes.push(`${rel(ctx, Date.now())} loop in ${checkout.name} exited ${code ?? signal} by itself: ${stderr.trim().slice(0, 200)}`);
    setTimeout(() => startLoop(ctx, checkout), 2000);
  });
}

async function loopKiller(ctx) {
  const { cfg } = ctx;
  const rng = ctx.sub('loop kills');
  while (!phaseOver(ctx)) {
    await sleepUnless(rng.int(cfg.loopKillGapMs[0], cfg.loopKillGapMs[1]), () => phaseOver(ctx));
    if (phaseOver(ctx)) break;
    const running = [...ctx.loops.values()].filter((l) => l.child);
    if (running.length === 0) continue;
    const loop = rng.pick(running);
    loop.killedByUs = true;
    loop.kills++;
    const at = Date.now();
    loop.child.kill('SIGKILL');
    const down = rng.int(cfg.loopDownMs[0], cfg.loopDownMs[1]);
    ctx.faults.push({ kind: 'loop-kill', at, checkout: loop.checkout.name, downMs: down });
    await sleepUnless(down, () => phaseOver(ctx));
    if (!ctx.loopsStopping) startLoop(ctx, loop.checkout);
  }
}

async function outages(ctx) {
  const { cfg } = ctx;
  const rng = ctx.sub('outages');
  while (!phaseOver(ctx)) {
    await sleepUnless(rng.int(cfg.outageGapMs[0], cfg.outageGapMs[1]), () => phaseOver(ctx));
    if (phaseOver(ctx)) break;
    const length = rng.int(cfg.outageMs[0], cfg.outageMs[1]);
    const fault = { kind: 'outage', at: Date.now(), ms: length };
    ctx.breakRemote();
    ctx.remoteAway = true;
    ctx.faults.push(fault);
    await sleepUnless(length, () => phaseOver(ctx));
    ctx.restoreRemote();
    ctx.remoteAway = false;
    fault.until = Date.now();
  }
}

async function stopLoops(ctx) {
  ctx.loopsStopping = true;
  await Promise.all([...ctx.loops.values()].map((loop) => new Promise((resolvePromise) => {
    if (!loop.child) return resolvePromise();
    const child = loop.child;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    loop.onExit = () => {
      clearTimeout(timer);
      resolvePromise();
    };
    child.kill('SIGTERM');
  })));
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling the trees during the run

function leaseId(key, holder, acquiredAt) {
  return `${key}|${holder}|${acquiredAt ?? '?'}`;
}

function keyOfClaimRecord(value, type, name) {
  if (type === 'path' && typeof value?.glob === 'string') return pathKey(value.glob);
  return namedKey(type, name);
}

/** Every claim file of every live tree, read directly (the sampler is this process: no rename can interleave). */
function sample(ctx) {
  for (const tree of ctx.trees) {
    const s0 = Date.now();
    const leases = new Set();
    const dir = join(tree, 'claims');
    for (const type of listDir(dir)) {
      if (type.startsWith('.')) continue;
      for (const file of listDir(join(dir, type))) {
        if (file.startsWith('.') || !file.endsWith('.json')) continue;
        let raw;
        try {
          raw = readFileSync(join(dir, type, file), 'utf8');
        } catch {
          continue; // removed meanwhile, or a folder
        }
        let value;
        try {
          value = JSON.parse(raw);
        } catch (error) {
          ctx.tornReads.push({ t: s0, tree, file: `${type}/${file}`, reason: String(error), bytes: raw.length });
          continue;
        }
        const name = file.slice(0, -5);
        if (value?.type === 'path' && typeof value.glob === 'string') ctx.globByName.set(name, value.glob);
        leases.add(leaseId(keyOfClaimRecord(value, type, name), value?.holder, value?.acquiredAt));
      }
    }
    ctx.samples.get(tree).push({ s0, s1: Date.now(), leases });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The end: survivors release and stop, settle, leftovers, takeover, settle, files

async function finalPhase(ctx) {
  const { cfg } = ctx;
  // Nothing new is started; faults have ended (the remote is back), the loops stop.
  if (ctx.remoteAway) {
    ctx.restoreRemote();
    ctx.remoteAway = false;
  }
  await stopLoops(ctx);
  // Agents that crash now leave claims no loop will free: check 5 must take them over.
  const lateRng = ctx.sub('late kills');
  const holding = ctx.agents.filter((a) => a.session && !a.dead && !a.stopped && [...a.beliefs.values()].some((b) => b.hold));
  for (let k = 0; k < cfg.lateKills && holding.length > 0; k++) {
    const agent = holding.splice(lateRng.int(0, holding.length - 1), 1)[0];
    const entry = await execOp(ctx, { agent, op: 'heartbeat', args: ['heartbeat', '--json'], killAfterMs: 0 });
    if (entry.signal === 'SIGKILL') agentDies(ctx, agent, entry.killedAt, entry);
  }
  const survivors = ctx.agents.filter((a) => a.session && !a.dead && !a.stopped);
  await Promise.all(survivors.map(async (agent) => {
    for (const b of [...agent.beliefs.values()]) await releaseOp(ctx, agent, b.key, claimArgs(b));
    const stop = await stopOp(ctx, agent);
    if (stop.code !== 0) ctx.violations.push({ check: '3 resurrection', text: `the final coord stop of ${agent.session} exited ${stop.code ?? stop.signal}: ${errorText(stop)}` });
  }));
  if (!cfg.plain) await settleRounds(ctx, 2, 'settle');
  ctx.leftovers.first = scanLeftovers(ctx);

  // 5. Takeover, with no loop, health round or sync in between: wait until every holder left is gone.
  ctx.phase = 'takeover';
  const targets = new Map();
  for (const l of ctx.leftovers.first) if (!targets.has(l.key)) targets.set(l.key, l);
  const holders = [...new Set([...targets.values()].map((l) => l.holder))];
  // "Gone by this checkout's clock" counts from the newest beat the taking checkout could have SEEN: a beat
  // written before the kill reaches another clone with a sync, at the latest with the last settle round.
  const lastSync = Math.max(0, ...ctx.ops.filter((e) => e.op === 'sync').map((e) => e.end ?? 0));
  const lastSeen = (h) => Math.max(ctx.agentsBySession.get(h)?.lastPossibleBeat ?? Date.now(), lastSync);
  const deadline = Math.max(0, ...holders.map((h) => lastSeen(h) + cfg.goneAfterSeconds * 1000 + 1500));
  if (targets.size > 0 && deadline > Date.now()) {
    cfg.log(`waiting ${((deadline - Date.now()) / 1000).toFixed(1)} s until the holders of ${targets.size} claim(s) left are gone, then taking them over`);
    await sleep(deadline - Date.now());
  }
  const rng = ctx.sub('takeover');
  let i = 0;
  for (const leftover of targets.values()) {
    const holderAgent = ctx.agentsBySession.get(leftover.holder);
    const candidates = ctx.checkouts.filter((c) => c !== holderAgent?.checkout);
    const checkout = candidates.length ? rng.pick(candidates) : ctx.checkouts[0];
    const taker = newAgent(ctx, checkout, 90 + i, i);
    taker.label = `taker-${i++}`;
    taker.taker = true;
    await startAgent(ctx, taker);
    if (!taker.session) continue;
    const claimArgsOf = leftover.glob !== undefined ? ['path', leftover.glob] : [leftover.type, leftover.name];
    const entry = await claimOp(ctx, taker, leftover.key, ['claim', ...claimArgsOf]);
    const b = taker.beliefs.get(leftover.key);
    const ok = entry.code === 0 && b?.status === 'hold';
    ctx.takeovers.push({ key: leftover.key, holder: leftover.holder, checkout: checkout.name, op: entry.n, ok, answer: entry.json ?? entry.out });
    if (!ok) {
      const holderState = holderStateText(ctx, leftover.holder);
      ctx.violations.push({
        check: '5 takeover', key: leftover.key,
        text: `a fresh session in ${checkout.name} could not take over ${leftover.key} (left by ${leftover.holder}, ${holderState}): op #${entry.n} exit ${entry.code ?? entry.signal}${entry.json?.confirmation ? `, ${entry.json.confirmation}${entry.json.pendingReason ? ` (${entry.json.pendingReason})` : ''}` : ''}${entry.code !== 0 ? `: ${errorText(entry)}` : ''}`,
      });
    }
    for (const held of [...taker.beliefs.values()]) await releaseOp(ctx, taker, held.key, claimArgs(held));
    await stopOp(ctx, taker);
  }
  if (!cfg.plain && targets.size > 0) await settleRounds(ctx, 2, 'settle after takeover');
  ctx.leftovers.final = targets.size > 0 ? scanLeftovers(ctx) : ctx.leftovers.first;
  clearInterval(ctx.sampler);
  sample(ctx);
  ctx.phase = 'checks';
  await checkFiles(ctx);
  ctx.tEnd = Date.now();
}

function holderStateText(ctx, session) {
  const agent = ctx.agentsBySession.get(session);
  if (!agent) return 'a session the checker did not start';
  if (agent.dead) return `killed at ${rel(ctx, agent.deadAt)}, last beat by ${rel(ctx, agent.lastPossibleBeat)}`;
  if (agent.stopped) return `stopped at ${rel(ctx, agent.stoppedAt)}`;
  return 'alive';
}

async function settleRounds(ctx, rounds, label) {
  for (let round = 1; round <= rounds; round++) {
    for (const checkout of ctx.checkouts) {
      const entry = await execOp(ctx, { checkout, op: 'sync', args: ['sync', '--json'] });
      const outcome = entry.json?.outcome;
      ctx.settle.push({ label, round, checkout: checkout.name, outcome, code: entry.code, op: entry.n });
      if (label !== 'setup' && entry.code !== 0) {
        ctx.violations.push({ check: '3 resurrection', text: `${label} round ${round}: coord sync in ${checkout.name} did not sync (exit ${entry.code ?? entry.signal}, ${outcome ?? ''}): ${JSON.stringify(entry.json?.diagnostics ?? entry.json?.error ?? entry.err ?? '').slice(0, 400)}` });
      }
    }
  }
}

function treeDirsToScan(ctx) {
  const dirs = new Set(ctx.trees);
  for (const c of ctx.checkouts) {
    const own = join(c.root, 'docs', 'coordination');
    if (existsSync(own)) dirs.add(resolve(own));
  }
  return [...dirs];
}

function parseBlob(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Every claim file and every claim ref left, anywhere. */
function scanLeftovers(ctx) {
  const found = [];
  for (const tree of treeDirsToScan(ctx)) {
    const dir = join(tree, 'claims');
    for (const type of listDir(dir)) {
      if (type.startsWith('.')) continue;
      for (const file of listDir(join(dir, type))) {
        if (file.startsWith('.') || !file.endsWith('.json')) continue;
        const value = readJson(join(dir, type, file));
        const name = file.slice(0, -5);
        found.push({ where: `file ${join(tree, 'claims', type, file)}`, type, name, key: keyOfClaimRecord(value, type, name), glob: value?.glob, holder: value?.holder, acquiredAt: value?.acquiredAt });
      }
    }
  }
  if (!ctx.cfg.plain) {
    const repos = new Map();
    for (const c of ctx.checkouts) {
      const common = resolve(c.root, git(c.root, ['rev-parse', '--git-common-dir']).trim());
      if (!repos.has(common)) repos.set(common, c.root);
    }
    if (ctx.world.remote) repos.set(resolve(ctx.world.remote), ctx.world.remote);
    for (const [common, cwd] of repos) {
      const lines = git(cwd, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/coordination/', 'refs/coordination-remote/']).split('\n').filter(Boolean);
      for (const line of lines) {
        const [oid, ref] = line.split(' ');
        const m = /\/claims\/([^/]+)\/([^/]+)$/.exec(ref);
        if (!m) continue;
        let value;
        try {
          value = parseBlob(git(cwd, ['cat-file', '-p', oid]));
        } catch {
          value = undefined;
        }
        const [, type, name] = m;
        found.push({ where: `ref ${ref} in ${ctx.world.remote && common === resolve(ctx.world.remote) ? 'the bare remote' : common}`, type, name, key: keyOfClaimRecord(value, type, name), glob: value?.glob, holder: value?.holder, acquiredAt: value?.acquiredAt });
      }
    }
  }
  return found;
}

async function checkFiles(ctx) {
  // 6. Every record parses; doctor finds nothing but leftovers of killed writers, and --clean removes them.
  for (const tree of treeDirsToScan(ctx)) {
    for (const problem of quickCheckRecords(tree)) ctx.violations.push({ check: '6 files', text: `${tree}: ${problem}` });
  }
  for (const t of ctx.tornReads.slice(0, 20)) ctx.violations.push({ check: '6 files', text: `a reader saw a claim file that is not JSON at ${rel(ctx, t.t)}: ${t.tree}/claims/${t.file} (${t.bytes} bytes; ${t.reason})` });
  for (const checkout of ctx.checkouts) {
    const first = await execOp(ctx, { checkout, op: 'doctor', args: ['doctor', '--json'] });
    const problems = first.json?.problems ?? [];
    if (!first.json || problems.length > 0 || (first.code !== 0 && first.code !== 3)) {
      ctx.violations.push({ check: '6 files', text: `coord doctor in ${checkout.name} (exit ${first.code}) reports ${problems.length ? JSON.stringify(problems).slice(0, 800) : (first.out ?? first.err ?? '')}` });
    }
    const leftovers = first.json?.leftovers ?? [];
    const notTemp = leftovers.filter((p) => !/[\\/]\.[^\\/]+\.(tmp|lock)$/.test(p));
    if (notTemp.length) ctx.violations.push({ check: '6 files', text: `coord doctor in ${checkout.name} lists leftovers that are not temporary or lock files: ${notTemp.join(', ')}` });
    if (leftovers.length > 0) {
      const clean = await execOp(ctx, { checkout, op: 'doctor --clean', args: ['doctor', '--clean', '--json'] });
      const again = await execOp(ctx, { checkout, op: 'doctor', args: ['doctor', '--json'] });
      const still = (again.json?.leftovers ?? []).filter((p) => leftovers.includes(p));
      if (clean.json?.cleaned !== leftovers.length || still.length) {
        ctx.violations.push({ check: '6 files', text: `coord doctor --clean in ${checkout.name} removed ${clean.json?.cleaned} of ${leftovers.length} leftovers; still there: ${still.join(', ')}` });
      }
      ctx.notes.push(`doctor --clean removed ${clean.json?.cleaned ?? '?'} leftover file(s) of killed writers in ${checkout.name}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Judging

function leaseEndOf(hold) {
  let end = hold.leaseStart + hold.ttlMs;
  for (const r of hold.renewals) if (r.t < end) end = Math.max(end, r.t + r.ttlMs);
  return end;
}

/**
 * The earliest moment the holder could be judged gone after `from`: a beat is written at the earliest when its
 * process starts, the next one at the latest when it ends.
 */
function goneAtOf(ctx, agent, from) {
  const g = ctx.cfg.goneAfterSeconds * 1000;
  const beats = agent.beats;
  let i = -1;
  for (let k = 0; k < beats.length; k++) if (beats[k].start <= from) i = k;
  if (i < 0) return from;
  for (;;) {
    const limit = beats[i].start + g;
    const next = beats[i + 1];
    if (!next || next.end > limit) return limit;
    i++;
  }
}

/** When the rules let a hold end without its holder's doing: lease end, holder gone, holder killed. */
function ruleEndOf(ctx, hold) {
  const agent = ctx.agentsBySession.get(hold.session);
  return Math.min(leaseEndOf(hold), goneAtOf(ctx, agent, hold.start), agent.deadAt ?? Infinity);
}

function finalEndOf(ctx, hold) {
  return Math.min(hold.explicitEnd ?? ctx.tEnd, ruleEndOf(ctx, hold));
}

function readAuthority(ctx) {
  if (ctx.cfg.plain || !ctx.authorityLog || !existsSync(ctx.authorityLog)) return [];
  const events = readFileSync(ctx.authorityLog, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [t, old, next, ref] = line.split(' ');
    return { t: Number(t), old, next, ref };
  });
  const oids = [...new Set(events.map((e) => e.next).filter((o) => !/^0+$/.test(o)))];
  const blobs = new Map();
  if (oids.length) {
    const out = execFileSync('git', ['cat-file', '--batch'], { cwd: ctx.world.remote, input: `${oids.join('\n')}\n`, maxBuffer: 1 << 30 });
    let pos = 0;
    while (pos < out.length) {
      const nl = out.indexOf(10, pos);
      const header = out.subarray(pos, nl).toString('utf8').split(' ');
      pos = nl + 1;
      if (header[1] === 'missing') continue;
      const size = Number(header[2]);
      blobs.set(header[0], parseBlob(out.subarray(pos, pos + size).toString('utf8')));
      pos += size + 1;
    }
  }
  for (const e of events) {
    const m = /^refs\/coordination\/claims\/([^/]+)\/([^/]+)$/.exec(e.ref);
    e.type = m?.[1];
    e.name = m?.[2];
    e.value = blobs.get(e.next);
    e.deleted = /^0+$/.test(e.next);
    const glob = e.value?.glob ?? (e.type === 'path' ? ctx.globByName.get(e.name) : undefined);
    e.key = e.type === 'path' && glob !== undefined ? pathKey(glob) : namedKey(e.type, e.name);
    e.lease = e.deleted ? null : leaseId(e.key, e.value?.holder, e.value?.acquiredAt);
  }
  return events;
}

function parseNotice(ctx, message) {
  let m = /^Claim (.+?) withdrawn: (.*)$/.exec(message.subject);
  let kind = 'withdrawn';
  if (!m) {
    m = /^Your claim (.+) was force-released$/.exec(message.subject);
    kind = 'force-released';
  }
  if (!m) return undefined;
  let label = m[1];
  if (label.startsWith('path ')) label = pathKey(label.slice(5));
  else if (label.startsWith('path/')) {
    const glob = ctx.globByName.get(label.slice(5));
    if (glob !== undefined) label = pathKey(glob);
  }
  const taken = /\(taken ([0-9T:.\-Z]+)\)/.exec(message.body ?? '');
  const winner = /^(\S+) (got it first|took it over|holds overlapping)/.exec(m[2] ?? '');
  return { kind, key: label, acquiredAt: taken?.[1], winner: winner?.[1] };
}

function readMessages(ctx) {
  const perTree = new Map(); // tree -> folder -> [{ file, value }]
  for (const tree of treeDirsToScan(ctx)) {
    const folders = new Map();
    const dir = join(tree, 'messages');
    for (const to of listDir(dir)) {
      if (to.startsWith('.')) continue;
      const list = [];
      for (const file of listDir(join(dir, to))) {
        if (file.startsWith('.') || !file.endsWith('.json')) continue;
        list.push({ file: file.slice(0, -5), value: readJson(join(dir, to, file)) });
      }
      folders.set(to, list);
    }
    perTree.set(tree, folders);
  }
  return perTree;
}

/*
 * The judgement. Where a rule could be read two ways, it is read the way that cannot hide a real bug:
 *
 * HOLD: from the END of a claim / claim path / work next process answered exit 0 whose `confirmation` is
 *   "confirmed" or absent (no remote: the file is the authority) — never "pending" — to the earliest of: the START
 *   of the holder's release / work done / stop process; the moment the checker sent SIGKILL to any of its
 *   processes; the START of a step whose answer says it no longer holds it (renew or release "you do not hold" /
 *   "not claimed", a claim refused or answered with a different lease of its own, a heartbeat whose `renewed` list
 *   lacks it); its lease's end (the claim's process START + ttl, pushed on by the START of every renew, heartbeat or
 *   already-held claim that renewed it, and only while it had not yet ended); and the moment its holder could first
 *   be judged gone (a beat's process START + goneAfterSeconds, unless the next beat's process had ENDED by then).
 *   An "already-held" answer on a live hold renews it, even when it says "pending": the earlier confirmation stands.
 * 1 EXCLUSION: no two holds of different sessions on one claim, or on globs that may overlap (globsOverlap), share
 *   any instant; and a "confirmed" answer must be backed by the remote's log holding that very lease (holder +
 *   acquiredAt) before the answer.
 * 2 FALSE LOSS: a step that says "you do not hold it" before the hold's rule end (lease, gone, kill); a live hold's
 *   lease missing from its holder's own tree in any sample taken entirely inside the hold; a withdrawal notice for a
 *   live hold; a notice to a session after it had given that lease back (release / work done / stop answered), after
 *   its claim had already been refused at once, or after it ended; any force-release notice (nobody forces here).
 * 3 RESURRECTION: after the survivors released and stopped and two settle rounds, no claim file in any tree and no
 *   claim ref (refs/coordination/claims/*, and the tracking refs refs/coordination-remote/<remote>/claims/*) in any
 *   repository or the bare remote, except leases of killed agents (those go to check 5); after the takeovers and two
 *   more settle rounds, nothing at all. During the run: a released lease is never seen again in the releasing tree;
 *   in another tree, once seen gone after the release, never again (a first copy may still arrive while the release
 *   waits for the remote); on the remote, a lease never comes back after it left its ref, and a released lease is
 *   never written again after its release was answered (only its holder writes it, and it gave it back).
 * 4 DELIVERY: every message `send` answered exit 0 for is, in every tree, in its recipient's folder exactly once
 *   (by its unique subject) and under the id the answer gave.
 * 5 TAKEOVER: with the loops stopped, once the holder of each claim left could be gone by the taking checkout's clock
 *   (its last beat, or the last sync that could have carried it there, + goneAfterSeconds), a fresh session of
 *   another checkout takes it with exit 0 and no "pending", with no loop, health round or sync in between.
 * 6 FILES: every record file parses (and no sample ever read a torn claim file); `coord doctor` reports no
 *   problem, its leftovers are only dot-files ending .tmp / .lock, and `doctor --clean` removes all of them.
 * 0 CONTRACT: agent steps exit 0 or 1, never crash, print JSON, never hang; answers name the session that asked.
 */
function judge(ctx) {
  const { cfg } = ctx;
  const violation = (check, key, text, keys) => ctx.violations.push({ check, key, text, keys: keys ?? (key ? [key] : []) });

  // 1. Exclusion: no two sessions' holds of one claim, or of overlapping globs, overlap in time.
  const ends = new Map(ctx.holds.map((h) => [h, finalEndOf(ctx, h)]));
  forEachOverlap(ctx.holds, (h) => ends.get(h), (first, second, from, to) => {
    const what = first.key === second.key ? first.key : `${first.key} and ${second.key}`;
    const holds = `${holdText(ctx, first, ends.get(first))}; ${holdText(ctx, second, ends.get(second))}`;
    const seconds = ((to - from) / 1000).toFixed(3);
    const text = `${what} held by two sessions at once for ${seconds} s from ${rel(ctx, from)}: ${holds}`;
    violation('1 exclusion', first.key, text, [...new Set([first.key, second.key])]);
  });

  // The authority's order (a remote): a confirmed answer must be backed by the remote holding that very lease.
  ctx.authority = readAuthority(ctx);
  const authByLease = new Map();
  for (const e of ctx.authority) if (e.lease) authByLease.set(e.lease, [...(authByLease.get(e.lease) ?? []), e]);
  for (const h of ctx.holds) {
    if (h.confirmation !== 'confirmed' || h.acquiredAt === undefined) continue;
    const events = authByLease.get(leaseId(h.key, h.session, h.acquiredAt)) ?? [];
    if (!events.some((e) => e.t <= h.start + 50)) {
      violation('1 exclusion', h.key, `${h.key}: op #${h.startOp} answered "confirmed" for ${h.session} (lease taken ${h.acquiredAt}), but the remote never held that lease before the answer (${events.length ? `first at ${rel(ctx, events[0].t)}` : 'never'})`);
    }
  }

  // 2. No false loss: told "you do not hold it" while the hold was live by every rule, or a held lease missing
  //    from its holder's own tree while it was live, or a withdrawal notice for it.
  for (const s of ctx.lossSignals) {
    const h = s.hold;
    if (s.t > h.start && s.t < ruleEndOf(ctx, h)) {
      violation('2 false-loss', h.key, `${h.key}: ${h.session} lost a live claim: op #${s.op} at ${rel(ctx, s.t)}: ${s.reason}; ${holdText(ctx, h, ends.get(h))}`);
    }
  }
  for (const h of ctx.holds) {
    const samples = ctx.samples.get(h.tree) ?? [];
    const end = ends.get(h);
    const id = leaseId(h.key, h.session, h.acquiredAt);
    for (const s of samples) {
      if (s.s0 <= h.start || s.s1 >= end) continue;
      const present = h.acquiredAt !== undefined ? s.leases.has(id) : [...s.leases].some((l) => l.startsWith(`${h.key}|${h.session}|`));
      if (!present) {
        violation('2 false-loss', h.key, `${h.key}: the live hold of ${h.session} (lease taken ${h.acquiredAt ?? '?'}) was missing from its own tree (${h.checkout}) at ${rel(ctx, s.s0)}; ${holdText(ctx, h, end)}`);
        break;
      }
    }
  }
  const perTree = readMessages(ctx);
  const notices = new Map();
  for (const folders of perTree.values()) {
    for (const [to, list] of folders) {
      if (to === 'broadcast') continue;
      for (const { file, value } of list) {
        if (!value || notices.has(file)) continue;
        if (typeof value.subject === 'string' && value.subject.startsWith('chk msg ')) continue;
        const parsed = parseNotice(ctx, value);
        if (!parsed) {
          ctx.notes.push(`a message to ${to} the checker does not recognise: ${JSON.stringify(value.subject)}`);
          continue;
        }
        notices.set(file, { id: file, to, t: Date.parse(value.sentAt), subject: value.subject, ...parsed });
      }
    }
  }
  ctx.notices = [...notices.values()].sort((a, b) => a.t - b.t);
  for (const n of ctx.notices) judgeNotice(ctx, n, violation);

  // 3. No resurrection: leftovers, and released leases seen again (trees sampled during the run; the remote's log).
  const allowed = (l) => ctx.killed.has(l.holder);
  for (const l of ctx.leftovers.first) {
    if (!allowed(l)) violation('3 resurrection', l.key, `left after every agent released and stopped and two settle rounds: ${l.where} holds ${l.key} of ${l.holder} (taken ${l.acquiredAt}; ${holderStateText(ctx, l.holder)})`);
  }
  const firstIds = new Set(ctx.leftovers.first.map((l) => `${l.where}|${l.holder}|${l.acquiredAt}`));
  const failedTakeovers = new Set(ctx.takeovers.filter((t) => !t.ok).map((t) => t.key));
  for (const l of ctx.leftovers.final) {
    if (firstIds.has(`${l.where}|${l.holder}|${l.acquiredAt}`) && !allowed(l)) continue; // reported above
    if (failedTakeovers.has(l.key) && firstIds.has(`${l.where}|${l.holder}|${l.acquiredAt}`)) continue; // reported under 5
    violation('3 resurrection', l.key, `left after the takeovers were released and two more settle rounds: ${l.where} holds ${l.key} of ${l.holder} (taken ${l.acquiredAt}; ${holderStateText(ctx, l.holder)})`);
  }
  for (const r of ctx.released) {
    if (r.acquiredAt === undefined) continue;
    const id = leaseId(r.key, r.holder, r.acquiredAt);
    for (const [tree, samples] of ctx.samples) {
      // In the releasing tree the lease is gone from the release's answer on: it must never be seen there again.
      // In another tree a copy may still arrive from the remote until the release reaches it (a release made
      // while the remote was away waits for the next round), so there only "seen, then gone after the release,
      // then seen again" is a claim coming back.
      const releasing = tree === r.tree;
      let seenBefore = releasing;
      let absentSince = releasing ? r.end : undefined;
      for (const s of samples) {
        const present = s.leases.has(id);
        if (s.s0 <= r.end) {
          if (present) seenBefore = true;
          continue;
        }
        if (absentSince === undefined) {
          if (present) seenBefore = true;
          else if (seenBefore) absentSince = s.s0;
          continue;
        }
        if (present) {
          violation('3 resurrection', r.key, `${r.key}: the lease of ${r.holder} taken ${r.acquiredAt}, released by op #${r.op} (answered at ${rel(ctx, r.end)}), was back in ${releasing ? 'the releasing tree' : 'the tree'} ${shortTree(ctx, tree)} at ${rel(ctx, s.s0)} (gone there since ${rel(ctx, absentSince)})`);
          break;
        }
      }
    }
  }
  const byRef = new Map();
  for (const e of ctx.authority) byRef.set(e.ref, [...(byRef.get(e.ref) ?? []), e]);
  const releasedById = new Map(ctx.released.filter((r) => r.acquiredAt).map((r) => [leaseId(r.key, r.holder, r.acquiredAt), r]));
  for (const [ref, events] of byRef) {
    const seen = new Set();
    const staleWrites = new Map(); // lease -> the remote's writes of it after its release was answered
    let last;
    for (const e of events) {
      if (e.lease !== last && e.lease !== null && seen.has(e.lease)) {
        violation('3 resurrection', e.key, `${e.key}: the remote holds the lease ${e.lease.split('|').slice(1).join(' taken ')} again at ${rel(ctx, e.t)} after it had left ${ref}`);
      }
      // Only the holder writes its lease, and it gave it back: a write of that lease after the answer is stale.
      const r = e.lease ? releasedById.get(e.lease) : undefined;
      if (r && e.t > r.end) staleWrites.set(e.lease, [...(staleWrites.get(e.lease) ?? []), e]);
      if (e.lease) seen.add(e.lease);
      last = e.lease;
    }
    for (const [lease, writes] of staleWrites) {
      const r = releasedById.get(lease);
      const e = writes[0];
      violation('3 resurrection', e.key, `${e.key}: the remote was set to the lease of ${r.holder} taken ${r.acquiredAt} (renewed ${e.value?.renewedAt}) at ${rel(ctx, e.t)}, after op #${r.op} had released it (answered at ${rel(ctx, r.end)}${ctx.ops[r.op]?.json?.remote ? `, remote: ${ctx.ops[r.op].json.remote}` : ''})${writes.length > 1 ? `, and ${writes.length - 1} more time(s) until ${rel(ctx, writes[writes.length - 1].t)} (renewed ${writes[writes.length - 1].value?.renewedAt})` : ''}`);
    }
  }

  // 4. Delivery: every message answered exit 0 is in its recipient's inbox exactly once, in every tree.
  for (const m of ctx.sent) {
    const problems = [];
    for (const [tree, folders] of perTree) {
      const list = (folders.get(m.to) ?? []).filter((x) => x.value?.subject === m.subject);
      if (list.length !== 1) problems.push(`${list.length} in ${tree}`);
      else if (list[0].file !== m.id) problems.push(`in ${tree} as ${list[0].file}, not ${m.id}`);
    }
    if (problems.length) violation('4 delivery', undefined, `message ${m.id} (op #${m.op}, "${m.subject}") to ${m.to}: ${problems.join('; ')}`);
  }
  if (!cfg.plain) {
    const synced = ctx.settle.filter((s) => s.label === 'settle');
    if (synced.length === 0) violation('4 delivery', undefined, 'no settle round ran');
  }
}

/**
 * Calls visit(first, second, from, to) for every two holds of different sessions on one claim, or on globs that may
 * overlap, that share the instants [from, to) given each hold's end by endOf(hold); visit returns true to stop.
 */
function forEachOverlap(holds, endOf, visit) {
  const byKey = new Map();
  for (const h of holds) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
  const keys = [...byKey.keys()];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i; j < keys.length; j++) {
      const a = keys[i];
      const b = keys[j];
      const paths = a.startsWith('path ') && b.startsWith('path ');
      if (a !== b && !(paths && globsOverlap(a.slice(5), b.slice(5)))) continue;
      for (const x of byKey.get(a)) {
        for (const y of byKey.get(b)) {
          if (a === b && y.id <= x.id) continue;
          if (x.session === y.session) continue;
          const from = Math.max(x.start, y.start);
          const to = Math.min(endOf(x), endOf(y));
          if (from < to) {
            const [first, second] = x.start <= y.start ? [x, y] : [y, x];
            if (visit(first, second, from, to)) return;
          }
        }
      }
    }
  }
}

function holdText(ctx, h, end) {
  return `${h.session} (${h.checkout}) from op #${h.startOp} [${rel(ctx, h.claimStart)}…${rel(ctx, h.start)}] ${h.confirmation === 'none' ? 'no confirmation (file authority)' : h.confirmation}, lease taken ${h.acquiredAt ?? '?'}, until ${rel(ctx, end)} (${h.endReason ?? 'rules'}${h.endOp !== undefined ? ` op #${h.endOp}` : ''})`;
}

/**
 * 2. A withdrawal (or force-release) notice must concern a lease its session still held, and never a live hold.
 * The lease is the one the notice names ("(taken <acquiredAt>)"), else the session's latest claim answer before it.
 */
function judgeNotice(ctx, n, violation) {
  const agent = ctx.agentsBySession.get(n.to);
  if (!agent) {
    ctx.notes.push(`a notice to ${n.to}, a session the checker did not start: ${n.subject}`);
    return;
  }
  if (agent.dead && n.t >= agent.deadAt) return; // an abandoned session: anything may happen to its claims now
  const what = `notice ${n.id} to ${n.to} at ${rel(ctx, n.t)} "${n.subject}"`;
  if (n.kind === 'force-released') {
    violation('2 false-loss', n.key, `${what}: nobody force-released anything in this run`);
    return;
  }
  if (agent.stopped && n.t > agent.stoppedAt) {
    violation('2 false-loss', n.key, `${what}: the session had ended at ${rel(ctx, agent.stoppedAt)} (an ended session is not told)`);
    return;
  }
  const mine = ctx.ops.filter((e) => e.session === n.to && (e.key === n.key || (e.op === 'stop' && e.keys?.includes(n.key))));
  // Claim answers with a lease (exit 0): holds and pending intents.
  const answers = mine.filter((e) => e.code === 0 && ['claim', 'claim path', 'work next'].includes(e.op));
  const leaseOf = (e) => ctx.holds.find((h) => h.startOp === e.n)?.acquiredAt ?? (e.json?.claim?.acquiredAt);
  const target = n.acquiredAt !== undefined ? answers.find((e) => leaseOf(e) === n.acquiredAt) : answers.filter((e) => e.end <= n.t).pop();
  if (target) {
    const hold = ctx.holds.find((h) => h.startOp === target.n);
    const acquiredAt = leaseOf(target);
    if (hold) {
      if (n.t < hold.start) return; // sent while its own claim was still answering: a race, allowed
      if (n.t >= ruleEndOf(ctx, hold)) return; // its lease ended, or its holder was gone: a withdrawal is allowed
      if (hold.explicitEnd === undefined || n.t < hold.explicitEnd) {
        violation('2 false-loss', n.key, `${what}: a live claim was withdrawn; ${holdText(ctx, hold, finalEndOf(ctx, hold))}`);
        return;
      }
      if (/^lost/.test(hold.endReason ?? '') || hold.endReason === 'killed') return; // counted where the agent learned it
    }
    // The lease was given back (release / work done / stop answered exit 0) before the notice was written.
    const released = ctx.released.find((r) => r.holder === n.to && r.key === n.key && r.acquiredAt !== undefined && r.acquiredAt === acquiredAt);
    if (released && released.end < n.t) {
      violation('2 false-loss', n.key, `${what}: the session had already given that lease back (op #${released.op}, answered exit 0 at ${rel(ctx, released.end)})`);
    }
    return; // a pending intent that a round refused: allowed
  }
  const before = mine.filter((e) => e.start <= n.t);
  const last = before[before.length - 1];
  if (!last) {
    violation('2 false-loss', n.key, `${what}: the session never took ${n.key} before it`);
    return;
  }
  if (last.end === undefined || last.end >= n.t) return; // its own step on the claim was running: a race, allowed
  if (['release', 'work done', 'stop'].includes(last.op) && last.code === 0) {
    violation('2 false-loss', n.key, `${what}: the session had already given it back (op #${last.n} ${last.op}, answered exit 0 at ${rel(ctx, last.end)})`);
  } else if (['claim', 'claim path', 'work next'].includes(last.op) && last.code === 1) {
    violation('2 false-loss', n.key, `${what}: its claim had been refused at once already (op #${last.n} at ${rel(ctx, last.end)}: ${errorText(last)}), so it no longer held it and was told twice`);
  }
  // Otherwise its last step was killed or failed otherwise: nothing is known, allowed.
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

function historyOf(ctx, keys, limit = 60) {
  const set = new Set(keys);
  const lines = [];
  for (const e of ctx.ops) {
    const touches = set.has(e.key) || (e.op === 'stop' && e.keys?.some((k) => set.has(k)));
    if (!touches) continue;
    const answer = e.signal ? `killed ${e.signal}${e.killedAt ? ` at ${rel(ctx, e.killedAt)}` : ''}` : `exit ${e.code} ${JSON.stringify(e.json ?? e.out ?? e.err ?? '').slice(0, 260)}`;
    lines.push([e.start, `  ${rel(ctx, e.start)}…${rel(ctx, e.end)} op #${e.n} ${e.checkout} ${e.session ?? ''} coord ${e.args.join(' ')}${e.remoteAway ? ' (remote away)' : ''} → ${answer}`]);
  }
  for (const h of ctx.holds) if (set.has(h.key)) lines.push([h.start, `  ${rel(ctx, h.start)} HOLD #${h.id} ${holdText(ctx, h, finalEndOf(ctx, h))}`]);
  for (const n of ctx.notices ?? []) if (set.has(n.key)) lines.push([n.t, `  ${rel(ctx, n.t)} NOTICE ${n.id} to ${n.to}: ${n.subject}`]);
  for (const e of ctx.authority) {
    if (!set.has(e.key)) continue;
    lines.push([e.t, `  ${rel(ctx, e.t)} REMOTE ${e.ref} ${e.deleted ? 'deleted' : `= ${e.value?.holder} taken ${e.value?.acquiredAt} renewed ${e.value?.renewedAt}`}`]);
  }
  for (const [tree, samples] of ctx.samples) {
    let previous = new Set();
    for (const s of samples) {
      const now = new Set([...s.leases].filter((l) => set.has(l.split('|')[0])));
      for (const l of now) if (!previous.has(l)) lines.push([s.s0, `  ${rel(ctx, s.s0)} FILE in ${shortTree(ctx, tree)}: ${l.split('|').slice(1).join(' taken ')} appears`]);
      for (const l of previous) if (!now.has(l)) lines.push([s.s0, `  ${rel(ctx, s.s0)} FILE in ${shortTree(ctx, tree)}: ${l.split('|').slice(1).join(' taken ')} gone`]);
      previous = now;
    }
  }
  for (const f of ctx.faults) lines.push([f.at, `  ${rel(ctx, f.at)} FAULT ${f.kind}${f.checkout ? ` ${f.checkout}` : ''}${f.ms ? ` for ${f.ms} ms` : ''}`]);
  lines.sort((a, b) => a[0] - b[0]);
  const texts = lines.map((l) => l[1]);
  return texts.length > limit ? [...texts.slice(0, limit), `  … ${texts.length - limit} more lines in the operation log`].join('\n') : texts.join('\n');
}

function shortTree(ctx, tree) {
  const c = ctx.checkouts.find((x) => x.tree === tree);
  return c ? c.name : tree;
}

function summarize(ctx) {
  const byOp = {};
  for (const e of ctx.ops) {
    if (e.phase !== 'run') continue;
    const s = (byOp[e.op] ??= { n: 0, exit0: 0, exit1: 0, other: 0, killed: 0 });
    s.n++;
    if (e.signal) s.killed++;
    else if (e.code === 0) s.exit0++;
    else if (e.code === 1) s.exit1++;
    else s.other++;
  }
  const loops = [...ctx.loops.values()];
  const counts = {
    agentOperations: ctx.agentOps,
    // Why the random phase ended: 'duration', 'operations', 'exclusion' (stopOnExclusion) or 'time cap'.
    stoppedBy: ctx.stoppedBy,
    // stopOnExclusion: the agent operation whose answer made the first certain overlap, and the count when seen.
    firstExclusion: ctx.firstExclusion,
    allProcesses: ctx.ops.length,
    byOp,
    agents: ctx.agents.filter((a) => !a.taker).length,
    agentsKilled: ctx.killed.size,
    holds: ctx.holds.length,
    confirmedHolds: ctx.holds.filter((h) => h.confirmation === 'confirmed').length,
    fileAuthorityHolds: ctx.holds.filter((h) => h.confirmation === 'none').length,
    pendingAnswers: ctx.ops.filter((e) => e.json?.confirmation === 'pending').length,
    refusedClaims: ctx.ops.filter((e) => e.phase === 'run' && (e.op === 'claim' || e.op === 'claim path') && e.code === 1).length,
    takeovers: ctx.ops.filter((e) => e.json?.outcome === 'taken-over').length,
    releases: ctx.released.length,
    messagesSent: ctx.sent.length,
    notices: ctx.notices?.length ?? 0,
    loopKills: ctx.faults.filter((f) => f.kind === 'loop-kill').length,
    outages: ctx.faults.filter((f) => f.kind === 'outage').length,
    syncRounds: loops.reduce((s, l) => s + l.syncOk, 0),
    syncRoundsFailed: loops.reduce((s, l) => s + l.syncFailed, 0),
    healthRounds: loops.reduce((s, l) => s + l.health, 0),
    authorityUpdates: ctx.authority.length,
    samples: [...ctx.samples.values()].reduce((s, l) => s + l.length, 0),
    maxBeatGapMs: Math.max(0, ...ctx.agents.map((a) => a.beats.reduce((m, b, i) => (i ? Math.max(m, b.end - a.beats[i - 1].start) : m), 0))),
    finalLeftovers: ctx.leftovers.first.length,
    endOfRunTakeovers: ctx.takeovers.length,
    seconds: Math.round((Date.now() - ctx.t0) / 1000),
  };
  const withHistory = ctx.violations.map((v) => ({ ...v }));
  const historyKeys = new Set();
  for (const v of withHistory) {
    const keys = v.keys?.length ? v.keys : v.key ? [v.key] : [];
    const id = keys.join(' & ');
    if (keys.length && !historyKeys.has(id) && historyKeys.size < 6) {
      historyKeys.add(id);
      v.history = historyOf(ctx, keys);
    }
  }
  const result = {
    seed: ctx.seed,
    config: describeConfig(ctx.cfg),
    counts,
    violations: withHistory,
    byCheck: withHistory.reduce((m, v) => ({ ...m, [v.check]: (m[v.check] ?? 0) + 1 }), {}),
    notes: ctx.notes,
    loops: loops.map((l) => ({ checkout: l.checkout.name, starts: l.starts, kills: l.kills, syncOk: l.syncOk, syncFailed: l.syncFailed, exits: l.exits.filter((x) => !x.byUs).map((x) => `${x.code ?? x.signal} ${x.stderr.slice(0, 120)}`), lastLines: l.lines.slice(-5) })),
    logFile: undefined,
  };
  result.report = (maxViolations = 20) => formatReport(result, maxViolations);
  result._ctx = ctx;
  return result;
}

export function formatSummary(result) {
  const c = result.counts;
  const first = c.firstExclusion;
  const exclusionText = first
    ? ` (an exclusion made by operation ${first.atOperation}, certain after ${first.afterOperations})`
    : '';
  const ops = Object.entries(c.byOp).map(([op, s]) => `${op} ${s.n} (${s.exit0}/${s.exit1}${s.killed ? `/${s.killed} killed` : ''}${s.other ? `/${s.other} other` : ''})`).join(', ');
  return [
    `claim checker — seed ${result.seed} (replay: COORD_CHECK_SEED=${result.seed}); ${result.config}`,
    `  ${c.agentOperations} agent operations in ${c.seconds} s (${c.allProcesses} coord processes in all), the random `
      + `phase ended by ${c.stoppedBy}${exclusionText}: ${ops}`,
    `  ${c.agents} agents, ${c.agentsKilled} killed; ${c.holds} holds (${c.confirmedHolds} confirmed, ${c.fileAuthorityHolds} by the file), ${c.pendingAnswers} pending answers, ${c.refusedClaims} claims refused, ${c.takeovers} takeovers, ${c.releases} releases`,
    `  faults: ${c.loopKills} loops killed, ${c.outages} outages; loops ran ${c.syncRounds} sync rounds (${c.syncRoundsFailed} failed) and ${c.healthRounds} health rounds; the remote made ${c.authorityUpdates} claim ref updates`,
    `  ${c.messagesSent} messages sent, ${c.notices} withdrawal notices; ${c.finalLeftovers} claim file(s)/ref(s) left at the end, ${c.endOfRunTakeovers} claim(s) taken over then; longest gap between an agent's beats ${(c.maxBeatGapMs / 1000).toFixed(1)} s`,
    `  violations: ${result.violations.length}${result.violations.length ? ` — ${Object.entries(result.byCheck).map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}`,
  ].join('\n');
}

export function formatReport(result, maxViolations = 20) {
  const lines = [formatSummary(result)];
  const shown = result.violations.slice(0, maxViolations);
  for (const v of shown) {
    lines.push(`VIOLATION [${v.check}] (seed ${result.seed}) ${v.text}`);
    if (v.history) lines.push(`  history of ${(v.keys?.length ? v.keys : [v.key]).join(' & ')}:\n${v.history}`);
  }
  if (result.violations.length > shown.length) lines.push(`… and ${result.violations.length - shown.length} more violation(s)`);
  if (result.logFile) lines.push(`operation log: ${result.logFile}`);
  return lines.join('\n');
}

function writeOpLog(ctx, result) {
  const file = ctx.cfg.logFile ?? join(tmpdir(), `coord-claim-check-${ctx.seed}.jsonl`);
  const lines = [
    JSON.stringify({ seed: ctx.seed, config: result.config, t0: ctx.t0, counts: result.counts }),
    ...ctx.ops.map((e) => JSON.stringify(e)),
    ...ctx.holds.map((h) => JSON.stringify({ hold: h.id, ...h, renewals: h.renewals.length, finalEnd: finalEndOf(ctx, h) })),
    ...ctx.faults.map((f) => JSON.stringify({ fault: f })),
    ...ctx.authority.map((a) => JSON.stringify({ authority: a })),
    ...(ctx.notices ?? []).map((n) => JSON.stringify({ notice: n })),
    ...result.violations.map((v) => JSON.stringify({ violation: v.check, text: v.text })),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  result.logFile = file;
}
