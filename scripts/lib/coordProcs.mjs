// Real `coord` processes for the race, crash and hostile-file checks, shared by test/cli/*.test.ts (through a
// dynamic import) and scripts/stress.mjs, so that `npm test` and `npm run stress` judge exactly the same way.
// Nothing here is mocked: every run is `node dist/cli.js ...` on a real folder.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const cliPath = join(repoRoot, 'dist', 'cli.js');
export const preloads = {
  startGate: join(here, 'preload', 'startGate.cjs'),
  killAtFsCall: join(here, 'preload', 'killAtFsCall.cjs'),
  reportMaxRss: join(here, 'preload', 'reportMaxRss.cjs'),
};

/** The environment for a child: ours without COORD_SESSION / COORD_ROOT, plus the acting session. */
export function coordEnv(session, extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.COORD_SESSION;
  delete env.COORD_ROOT;
  if (session) env.COORD_SESSION = session;
  return env;
}

function parseJson(args, stdout) {
  if (!args.includes('--json') || stdout.trim() === '') return {};
  try {
    return { json: JSON.parse(stdout) };
  } catch (error) {
    return { jsonError: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs `coord args...` as a real process. Options: cwd, session, env, preload (paths for --require),
 * killAfterMs (SIGKILL after that long), input (stdin).
 * Resolves with { args, session, code, signal, stdout, stderr, json?, jsonError?, ms }.
 */
export function runCoord(args, options = {}) {
  const { cwd, session, env = {}, preload = [], killAfterMs, input = '' } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...preload.flatMap((p) => ['--require', p]), cliPath, ...args], {
      cwd, env: coordEnv(session, env), stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer;
    if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    // A child killed before it reads its stdin must not take this process down with EPIPE.
    child.stdin.on('error', () => {});
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ args, session, code, signal, stdout, stderr, ms: performance.now() - started, ...parseJson(args, stdout) });
    });
    child.stdin.end(input);
  });
}

/** The synchronous form, for setup steps. Throws when the exit code is not `expectCode` (default 0). */
export function runCoordSync(args, { cwd, session, env = {}, expectCode = 0 } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: coordEnv(session, env), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (expectCode !== undefined && r.status !== expectCode) {
    throw new Error(`coord ${args.join(' ')} exited ${r.status ?? r.signal}, expected ${expectCode}:\n${`${r.stdout}${r.stderr}`.slice(0, 2000)}`);
  }
  return { args, code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ...parseJson(args, r.stdout) };
}

/** Starts a session through the CLI and returns its id. */
export function startSession(cwd, name) {
  return runCoordSync(['start', '--name', name, '--json'], { cwd }).json.session.id;
}

/**
 * Starts every run at once: all processes are spawned, then held by a start barrier (a preload) until every one
 * of them has arrived, so they reach the contended step together instead of one startup time apart. By default
 * the barrier is at each process's first file-system write (`gatePoint: 'write'`), after it has loaded and read
 * the tree; `gatePoint: 'start'` holds them before the CLI loads. `maxWaitMs` bounds the wait.
 * `runs` is a list of { args, session }. Resolves with the results in the same order.
 */
export async function raceCoord(runs, { cwd, gatePoint = 'write', maxWaitMs = 60_000 } = {}) {
  const gateDir = mkdtempSync(join(tmpdir(), 'coord-gate-'));
  try {
    const env = { COORD_GATE_DIR: gateDir, COORD_GATE_COUNT: String(runs.length), COORD_GATE_DEADLINE: String(Date.now() + maxWaitMs), COORD_GATE_POINT: gatePoint };
    return await Promise.all(runs.map((run) => runCoord(run.args, { cwd, session: run.session, preload: [preloads.startGate], env })));
  } finally {
    rmSync(gateDir, { recursive: true, force: true });
  }
}

/**
 * A stack trace or the CLI's "unexpected error" note means a crash, whatever the exit code. With --json an
 * unexpected exception is printed as an "io" error, so an "io" error that is not one of the core's own
 * "could not <operation> <path>" errors counts as a crash too.
 */
export function looksLikeCrash(result) {
  const text = `\n${result.stderr}`;
  const error = result.json?.error;
  if (error && error.code === 'io' && !/^could not /.test(String(error.message))) return true;
  return /\n\s+at .+:\d+:\d+\)?/.test(text) || text.includes('unexpected error') || /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/.test(text);
}

function claimWinnerText(result) {
  return result.json ? JSON.stringify(result.json) : result.stderr;
}

/**
 * Judges one round of `coord claim` racing on one name: exactly one process wins (exit 0), every other one
 * exits 1 and names the winner (in its message, and in --json `error.details.holder`), nothing crashes, and the
 * claim file parses and holds the winner.
 *
 * Options: claimFile (path), expectOutcome ('acquired' | 'taken-over'), expectTransitions, previousHolder.
 * Returns { winner, violations: string[] } — an empty list is a clean round.
 */
export function judgeClaimRace(results, { claimFile, expectOutcome = 'acquired', expectTransitions = 0, previousHolder } = {}) {
  const violations = [];
  const winners = results.filter((r) => r.code === 0);
  if (winners.length !== 1) {
    violations.push(`${winners.length} winners (exit 0): ${winners.map((w) => w.session).join(', ') || 'none'}`);
  }
  const winner = winners.length === 1 ? winners[0].session : undefined;
  for (const r of results) {
    const who = `${r.session} (${r.args.join(' ')})`;
    if (looksLikeCrash(r)) violations.push(`${who} crashed: ${r.stderr.slice(0, 500)}`);
    if (r.jsonError) violations.push(`${who} printed output that is not JSON: ${r.jsonError}`);
    if (r.code === 0) {
      if (r.json && r.json.outcome !== expectOutcome) violations.push(`${who} won with outcome ${r.json.outcome}, expected ${expectOutcome}`);
      if (r.json && r.json.claim?.holder !== r.session) violations.push(`${who} won but its claim names ${r.json.claim?.holder}`);
      if (r.json && expectOutcome === 'taken-over' && previousHolder && r.json.previousHolder !== previousHolder) {
        violations.push(`${who} took over from ${r.json.previousHolder}, expected ${previousHolder}`);
      }
      continue;
    }
    if (r.code !== 1) {
      violations.push(`${who} exited ${r.code ?? r.signal}, expected 1: ${r.stdout}${r.stderr}`.slice(0, 600));
      continue;
    }
    if (!winner) continue;
    if (r.args.includes('--json')) {
      const error = r.json?.error;
      if (!error) violations.push(`${who} printed no JSON error`);
      else {
        if (error.code !== 'refused') violations.push(`${who} error code ${error.code}, expected refused`);
        if (error.details?.holder !== winner) violations.push(`${who} error.details.holder is ${error.details?.holder}, the winner is ${winner}`);
        if (!String(error.message).includes(winner)) violations.push(`${who} message does not name the winner ${winner}: ${error.message}`);
      }
    } else if (!r.stderr.includes(winner)) {
      violations.push(`${who} message does not name the winner ${winner}: ${claimWinnerText(r).trim()}`);
    }
  }
  if (claimFile) {
    let claim;
    try {
      claim = JSON.parse(readFileSync(claimFile, 'utf8'));
    } catch (error) {
      violations.push(`claim file ${claimFile} does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (claim) {
      if (claim.object !== 'claim' || claim.version !== 1) violations.push(`claim file holds ${JSON.stringify(claim).slice(0, 200)}`);
      if (winner && claim.holder !== winner) violations.push(`claim file holder is ${claim.holder}, the winner is ${winner}`);
      if (claim.transitions !== expectTransitions) violations.push(`claim file transitions is ${claim.transitions}, expected ${expectTransitions}`);
    }
  }
  return { winner, violations };
}

/**
 * Judges `coord work next` racing: each ready item goes to at most one session, every winner got a distinct
 * item and holds its claim file, and every other process exits 1 (none left). With more processes than items,
 * exactly `itemCount` win.
 */
export function judgeWorkNextRace(results, { treeDir, itemIds }) {
  const violations = [];
  const byItem = new Map();
  for (const r of results) {
    const who = r.session;
    if (looksLikeCrash(r)) violations.push(`${who} crashed: ${r.stderr.slice(0, 500)}`);
    if (r.code === 0) {
      const id = r.json?.item?.id;
      if (!itemIds.includes(id)) violations.push(`${who} claimed ${id}, which is not one of the ready items`);
      if (byItem.has(id)) violations.push(`${id} was claimed by both ${byItem.get(id)} and ${who}`);
      byItem.set(id, who);
      let claim;
      try {
        claim = JSON.parse(readFileSync(join(treeDir, 'claims', 'work', `${id}.json`), 'utf8'));
      } catch (error) {
        violations.push(`claim file of ${id} does not parse: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (claim && claim.holder !== who) violations.push(`claim file of ${id} names ${claim.holder}, but ${who} was told it won`);
    } else if (r.code === 1) {
      if (!r.json || r.json.item !== null) violations.push(`${who} exited 1 without "item": null: ${r.stdout}${r.stderr}`.slice(0, 400));
    } else {
      violations.push(`${who} exited ${r.code ?? r.signal}: ${r.stdout}${r.stderr}`.slice(0, 600));
    }
  }
  const expected = Math.min(itemIds.length, results.length);
  if (byItem.size !== expected) violations.push(`${byItem.size} items were claimed, expected ${expected}`);
  return { claimed: byItem, violations };
}

/** Lists every entry of the tree that is not a dot-file (temporary and lock files are not records). */
export function listRecordFiles(treeDir) {
  const out = [];
  const visit = (dir, rel, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (depth < 3) visit(path, relPath, depth + 1);
      } else out.push({ path, rel: relPath });
    }
  };
  visit(treeDir, '', 0);
  return out;
}

/** What kind of record a path of the tree must hold, from where it lives; undefined for files that are not records. */
export function recordKindOf(rel) {
  const parts = rel.split('/');
  if (rel === 'protocol.json') return 'protocol';
  if (parts[0] === 'sessions' && parts.length === 2) return 'session';
  if (parts[0] === 'claims' && parts.length === 3) return 'claim';
  if (parts[0] === 'messages' && parts.length === 3) return 'message';
  if (parts[0] === 'work' && parts.length === 2) return 'work';
  return undefined;
}

/**
 * A quick check that needs no build of src/: every record file is a complete JSON object of the kind its folder
 * holds. (The test suites also check each file with the core's own schema reader; `coord doctor` does too.)
 * Returns a list of problems; files removed while it runs are skipped.
 */
export function quickCheckRecords(treeDir) {
  const problems = [];
  for (const { path, rel } of listRecordFiles(treeDir)) {
    const kind = recordKindOf(rel);
    if (!kind) continue;
    let raw;
    try {
      if (!lstatSync(path).isFile()) {
        problems.push(`${rel}: not a regular file`);
        continue;
      }
      raw = readFileSync(path, 'utf8');
    } catch (error) {
      if (error && error.code === 'ENOENT') continue;
      problems.push(`${rel}: cannot be read (${error.code ?? error})`);
      continue;
    }
    try {
      const value = JSON.parse(raw);
      if (value?.object !== kind || value?.version !== 1) problems.push(`${rel}: holds ${String(value?.object)} v${String(value?.version)}, expected ${kind} v1`);
    } catch (error) {
      problems.push(`${rel}: not valid JSON (${error instanceof Error ? error.message : String(error)}); ${raw.length} bytes`);
    }
  }
  return problems;
}

/**
 * The writers a crash loop picks from: every command that changes the tree. `pick` gets a seeded rng and the
 * sessions and returns { op, args, session }.
 */
export const crashOps = [
  { op: 'heartbeat', make: (rng, s) => ({ args: ['heartbeat', rng.pick(['editing', 'testing']), `src/f${rng.int(0, 9)}.ts`, 'implement', String(rng.int(0, 100))], session: s }) },
  { op: 'claim', make: (rng, s) => ({ args: ['claim', 'crash', `c${rng.int(0, 3)}`, '--ttl', rng.pick(['2', '1h'])], session: s }) },
  { op: 'renew', make: (rng, s) => ({ args: ['renew', 'crash', `c${rng.int(0, 3)}`, '--ttl', rng.pick(['2', '1h'])], session: s }) },
  { op: 'release', make: (rng, s) => ({ args: ['release', 'crash', `c${rng.int(0, 3)}`, ...(rng.chance(0.3) ? ['--force'] : [])], session: s }) },
  { op: 'send', make: (rng, s, sessions) => ({ args: ['send', rng.chance(0.3) ? 'broadcast' : rng.pick(sessions), `subject ${rng.int(0, 999)}`, 'body\nline two'], session: s }) },
  { op: 'work add', make: (rng, s) => ({ args: ['work', 'add', `crash item ${rng.int(0, 99999)}`, '--priority', String(rng.int(0, 100))], session: s }) },
  { op: 'work next', make: (rng, s) => ({ args: ['work', 'next', '--ttl', '2'], session: s }) },
];

/**
 * Runs writers (each kind in turn) and kills them with SIGKILL at random moments until `kills` processes died
 * that way.
 * Half the runs are killed from outside after a random delay (startup included); the other half kill themselves
 * just before a random file-system write (the killAtFsCall preload), which lands inside the write paths.
 * `concurrency` writers run at once. After each kill `onKill(result)` is awaited (check the tree there).
 * Returns { kills, runs, byOp, unexpected } — `unexpected` lists runs that finished on their own with an exit
 * code other than 0/1 or with a crash.
 */
export async function crashLoop({ cwd, sessions, kills, rng, concurrency = 3, onKill = async () => {}, maxRuns = kills * 6 }) {
  const stats = { kills: 0, runs: 0, byOp: {}, unexpected: [] };
  const finishedMs = [];
  const worker = async () => {
    while (stats.kills < kills && stats.runs < maxRuns) {
      // Writers take turns, so every kind is killed about as often; the moment and the session are random.
      const spec = crashOps[stats.runs % crashOps.length];
      stats.runs++;
      const { args, session } = spec.make(rng, rng.pick(sessions), sessions);
      const fromInside = rng.chance(0.5);
      // From outside: anywhere within a typical run's length (which grows on a loaded machine).
      const typicalMs = finishedMs.length ? [...finishedMs].sort((a, b) => a - b)[finishedMs.length >> 1] : 200;
      const options = fromInside
        ? { cwd, session, preload: [preloads.killAtFsCall], env: { COORD_KILL_AT: String(rng.int(1, 16)) }, killAfterMs: 5000 }
        : { cwd, session, killAfterMs: rng.int(10, Math.max(150, Math.round(typicalMs * 1.3))) };
      const result = await runCoord(args, options);
      if (result.signal === null) {
        finishedMs.push(result.ms);
        if (finishedMs.length > 50) finishedMs.shift();
      }
      const entry = (stats.byOp[spec.op] ??= { runs: 0, killed: 0 });
      entry.runs++;
      if (result.signal === 'SIGKILL') {
        entry.killed++;
        stats.kills++;
        await onKill(result);
      } else if ((result.code !== 0 && result.code !== 1) || looksLikeCrash(result)) {
        stats.unexpected.push({ args: result.args, code: result.code, signal: result.signal, output: `${result.stdout}${result.stderr}`.slice(0, 800) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}
