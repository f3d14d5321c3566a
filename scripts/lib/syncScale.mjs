// Many computers syncing one tree at the same moment, for `npm run stress` (correctness: no failed round, no
// refused publish, everyone sees everything) and `npm run bench` (cost: CPU per round at N concurrent against a
// round alone, measured in the same world and run). Every computer is a clone of one bare remote on disk and every
// step a real `coord` process.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, coordEnv } from './coordProcs.mjs';
import { createWorld } from './syncWorld.mjs';

/** CPU seconds used so far by every child process this one has waited for (and theirs): /proc/self/stat's cutime + cstime. */
export function childCpuSeconds() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(clone, args, session) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: clone.root, env: coordEnv(session, { COORD_SYNC_RETRY_DELAYS: '200,400,800,1600' }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function sync(clone) {
  const started = performance.now();
  const r = await run(clone, ['sync', '--json']);
  const ms = performance.now() - started;
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = { outcome: 'no-json', reason: `${r.stdout}${r.stderr}`.slice(0, 400) };
  }
  return { ms, json };
}

const ok = (result) => result.json.outcome === 'synced' || result.json.outcome === 'up-to-date';

/**
 * `computers` clones, each with a session; then `rounds` rounds in which every computer sends one broadcast and
 * syncs. `alone`: the rounds run one computer at a time; otherwise all computers of a round sync at once. Returns
 * the per-round results and the CPU seconds all the rounds took.
 */
async function phase(world, sessions, rounds, { alone, sent }) {
  const results = [];
  let cpu = 0;
  let syncWallMs = 0;
  for (let round = 0; round < rounds; round++) {
    await Promise.all(world.clones.map((clone, i) => run(clone, ['send', 'broadcast', `r${round} from ${clone.name}`, 'news'], sessions[i])));
    sent.count += world.clones.length;
    // Only the syncs are measured: the sends are the same in both phases and not what is compared.
    const cpuBefore = childCpuSeconds();
    const started = performance.now();
    if (alone) for (const clone of world.clones) results.push(await sync(clone));
    else results.push(...(await Promise.all(world.clones.map((clone) => sync(clone)))));
    syncWallMs += performance.now() - started;
    cpu += childCpuSeconds() - cpuBefore;
  }
  return { results, cpu, syncWallMs };
}

/** What every computer holds after the runs: sessions and broadcast messages, by count. */
function holdings(world) {
  const count = (dir) => {
    try {
      return readdirSync(dir).filter((n) => n.endsWith('.json')).length;
    } catch {
      return 0;
    }
  };
  return world.clones.map((clone) => ({ sessions: count(join(clone.tree, 'sessions')), messages: count(join(clone.tree, 'messages', 'broadcast')) }));
}

/**
 * The whole scenario: a warm-up round, `rounds` rounds alone, `rounds` rounds all at once, and one more round all
 * at once; then every computer must hold every session and every message. Rounds alone and at once carry the same
 * work (each computer merges what all others sent since its last round), so their CPU per round compares.
 */
export async function syncAtScale({ computers = 20, rounds = 5, log = () => {}, keep = false } = {}) {
  const world = createWorld({ clones: computers, prefix: 'coord-scale-' });
  try {
    const sessions = [];
    for (const clone of world.clones) sessions.push(world.startSession(clone, clone.name));
    const sent = { count: 0 };
    await Promise.all(world.clones.map((clone) => sync(clone)));
    for (const clone of world.clones) await sync(clone);
    log(`sync at scale: ${computers} computers ready`);
    const alone = await phase(world, sessions, rounds, { alone: true, sent });
    log(`sync at scale: ${rounds} rounds alone, ${(alone.cpu / alone.results.length).toFixed(2)} CPU s per round`);
    const together = await phase(world, sessions, rounds, { alone: false, sent });
    log(`sync at scale: ${rounds} rounds at once, ${(together.cpu / together.results.length).toFixed(2)} CPU s per round`);
    const last = await Promise.all(world.clones.map((clone) => sync(clone)));
    const held = holdings(world);
    const all = [...alone.results, ...together.results, ...last];
    return {
      computers,
      rounds,
      failedRounds: all.filter((r) => !ok(r)).map((r) => `${r.json.outcome}: ${r.json.reason ?? ''}`),
      refusedPublishes: all.reduce((n, r) => n + Math.max(0, (r.json.attempts ?? 1) - 1), 0),
      sent: sent.count,
      missing: held.filter((h) => h.sessions !== computers || h.messages !== sent.count).length,
      held,
      alone: { cpuPerRound: alone.cpu / alone.results.length, wallPerRoundMs: median(alone.results.map((r) => r.ms)) },
      together: { cpuPerRound: together.cpu / together.results.length, wallPerBatchMs: together.syncWallMs / rounds },
    };
  } finally {
    if (!keep) world.cleanup();
  }
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
