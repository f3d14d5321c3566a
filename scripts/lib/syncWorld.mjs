// Computers that share a git remote, for the sync suites (test/core/sync*, test/cli/sync*) and for
// `npm run stress` / `npm run bench` (scripts/stress/sync.mjs, scripts/bench/sync.mjs): a bare repository on
// disk is the remote, each clone is one computer, and every coordination step is a real `coord` process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCoord, runCoordSync } from './coordProcs.mjs';

/** git for setting the scene (never for what is being tested): English messages, no prompts, a fixed identity. */
export function git(cwd, args, input) {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd, input, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * A remote and `clones` computers, each a fresh repository with the remote as `origin` and an initialized tree.
 * `breakRemote()` makes the remote unreachable (the bare repository is renamed away) until `restoreRemote()`.
 */
export function createWorld({ clones = 2, prefix = 'coord-sync-', retryDelaysMs = [50, 100, 200, 400, 800, 1600] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remote = join(dir, 'remote.git');
  const away = join(dir, 'remote-away.git');
  git(dir, ['init', '-q', '--bare', remote]);
  const env = { COORD_SYNC_RETRY_DELAYS: retryDelaysMs.join(',') };
  const world = {
    dir,
    remote,
    env,
    clones: [],
    addClone(name) {
      const root = join(dir, name);
      git(dir, ['init', '-q', root]);
      git(root, ['remote', 'add', 'origin', remote]);
      runCoordSync(['init'], { cwd: root, expectCode: 0 });
      const clone = { name, root, tree: join(root, 'docs', 'coordination') };
      world.clones.push(clone);
      return clone;
    },
    breakRemote() {
      renameSync(remote, away);
    },
    restoreRemote() {
      renameSync(away, remote);
    },
    /** `coord args...` in a clone, as a real process; resolves with its result (json parsed with --json). */
    coord(clone, args, session, extraEnv = {}) {
      return runCoord(args, { cwd: clone.root, session, env: { ...env, ...extraEnv } });
    },
    coordSync(clone, args, session, extraEnv = {}) {
      return runCoordSync(args, { cwd: clone.root, session, env: { ...env, ...extraEnv } });
    },
    async sync(clone) {
      const r = await world.coord(clone, ['sync', '--json']);
      if (!r.json) throw new Error(`coord sync in ${clone.name} printed no JSON: ${r.stdout}${r.stderr}`);
      return r.json;
    },
    startSession(clone, name) {
      const r = world.coordSync(clone, ['start', '--name', name, '--json']);
      return r.json.session.id;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (let i = 0; i < clones; i++) world.addClone(`c${i}`);
  return world;
}

/**
 * One round of the race: every clone's session claims `type/name` at the same moment with a reachable remote.
 * Exactly one may answer "confirmed"; every other must exit 1 naming that winner, and no loser may still hold
 * the claim locally.
 */
export async function claimRace(world, sessions, type, name) {
  const results = await Promise.all(world.clones.map((clone, i) => world.coord(clone, ['claim', type, name, '--json'], sessions[i])));
  return judgeClaimRaceAcrossClones(world, sessions, results, `${type}/${name}`);
}

export function judgeClaimRaceAcrossClones(world, sessions, results, key) {
  const violations = [];
  const confirmed = results.map((r, i) => ({ r, i })).filter(({ r }) => r.code === 0 && r.json?.confirmation === 'confirmed');
  const winner = confirmed.length === 1 ? sessions[confirmed[0].i] : undefined;
  if (confirmed.length !== 1) violations.push(`${confirmed.length} clones confirmed ${key}`);
  results.forEach((r, i) => {
    if (confirmed.some((c) => c.i === i)) return;
    if (r.code !== 1) violations.push(`${world.clones[i].name}: exit ${r.code} (${r.stdout.trim()}${r.stderr.trim()})`);
    else if (r.json?.error?.details?.confirmation !== 'lost') violations.push(`${world.clones[i].name}: refused but not as lost: ${r.stdout.trim()}`);
    else if (winner && r.json.error.details.holder !== winner) violations.push(`${world.clones[i].name}: names ${r.json.error.details.holder} as the winner, not ${winner}`);
    const file = join(world.clones[i].tree, 'claims', ...key.split('/')) + '.json';
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).holder === sessions[i]) violations.push(`${world.clones[i].name}: the loser still holds ${key} locally`);
  });
  return { winner, confirmed: confirmed.length, violations };
}

/** Message ids in a clone's inbox folder for `to` (file names only). */
export function inboxIds(clone, to) {
  const dir = join(clone.tree, 'messages', to);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).map((f) => f.slice(0, -5));
}

/**
 * Delivery under an outage: `sessionCount` sessions spread over the clones each send `perSession` messages to
 * random others while the clones sync in random order; half-way the remote becomes unreachable, later it comes
 * back. Returns what was sent and what every recipient's clone holds in the end.
 */
export async function deliveryScenario(world, { sessionCount, perSession, rng, concurrency = 4, onProgress = () => {} }) {
  const owners = [];
  for (let s = 0; s < sessionCount; s++) {
    const clone = world.clones[s % world.clones.length];
    owners.push({ id: world.startSession(clone, `agent${s}`), clone });
  }
  // Everyone must know everyone before sending: two passes bring every session file everywhere.
  for (let pass = 0; pass < 2; pass++) for (const clone of world.clones) await world.sync(clone);
  const sent = [];
  const outages = [];
  const total = sessionCount * perSession;
  const plan = [];
  for (let m = 0; m < perSession; m++) for (const from of owners) plan.push(from);
  let done = 0;
  let broken = false;
  const outageStart = Math.floor(total / 2);
  const outageEnd = Math.floor((total * 3) / 4);
  for (let i = 0; i < plan.length; i += concurrency) {
    const batch = plan.slice(i, i + concurrency);
    const runs = await Promise.all(batch.map((from) => {
      let to = rng.pick(owners);
      while (to === from) to = rng.pick(owners);
      const subject = `m${sent.length}-${from.id}`;
      return world.coord(from.clone, ['send', to.id, subject, `from ${from.id} to ${to.id}`, '--json'], from.id).then((r) => ({ r, from, to }));
    }));
    for (const { r, from, to } of runs) {
      if (r.code !== 0 || !r.json?.message) throw new Error(`coord send from ${from.id} failed: ${r.stdout}${r.stderr}`);
      sent.push({ id: r.json.message.id, from: from.id, to: to.id });
    }
    done += batch.length;
    if (!broken && done >= outageStart && done < outageEnd) {
      world.breakRemote();
      broken = true;
      outages.push(done);
    } else if (broken && done >= outageEnd) {
      world.restoreRemote();
      broken = false;
    }
    // Clones sync in random order, a couple per batch.
    const syncing = [rng.pick(world.clones), rng.pick(world.clones)];
    const results = await Promise.all([...new Set(syncing)].map((c) => world.sync(c)));
    if (broken && results.some((r) => r.outcome !== 'offline')) throw new Error(`a sync during the outage was not offline: ${JSON.stringify(results.map((r) => r.outcome))}`);
    onProgress(done, total);
  }
  if (broken) world.restoreRemote();
  // Converge: every clone syncs until a whole pass changes nothing.
  for (let pass = 0; pass < 6; pass++) {
    let changed = false;
    for (const clone of world.clones) {
      const r = await world.sync(clone);
      if (r.outcome !== 'up-to-date') changed = true;
    }
    if (!changed) break;
  }
  const byRecipient = new Map();
  for (const m of sent) byRecipient.set(m.to, [...(byRecipient.get(m.to) ?? []), m.id]);
  let delivered = 0;
  let lost = 0;
  let duplicated = 0;
  let missingElsewhere = 0;
  for (const owner of owners) {
    const expected = new Set(byRecipient.get(owner.id) ?? []);
    const held = inboxIds(owner.clone, owner.id);
    const seen = new Set();
    for (const id of held) {
      if (seen.has(id)) duplicated++;
      seen.add(id);
      if (expected.has(id)) delivered++;
    }
    for (const id of expected) if (!seen.has(id)) lost++;
    // Every message to anyone else that holds no id twice; extra messages (withdrawal notices) are not sent ones.
    for (const clone of world.clones) {
      const ids = new Set(inboxIds(clone, owner.id));
      for (const id of expected) if (!ids.has(id)) missingElsewhere++;
    }
  }
  return { sent: sent.length, delivered, lost, duplicated, missingElsewhere, outages: outages.length };
}

/** A stable hash-free fingerprint of a repository's user-facing state: HEAD, the index bytes, every working file. */
export function userRepoState(root) {
  const gitDir = join(root, '.git');
  const files = [];
  const walk = (dir, rel) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (r === '.git' || r === 'docs/coordination') continue;
      if (entry.isDirectory()) walk(path, r);
      else files.push([r, readFileSync(path).toString('base64')]);
    }
  };
  walk(root, '');
  const read = (p) => (existsSync(p) ? readFileSync(p).toString('base64') : null);
  return {
    head: read(join(gitDir, 'HEAD')),
    headCommit: git(root, ['rev-parse', '--verify', '-q', 'HEAD']).trim(),
    index: read(join(gitDir, 'index')),
    stash: git(root, ['stash', 'list']).trim(),
    // --no-optional-locks: status must not refresh (rewrite) the very index being compared.
    status: git(root, ['--no-optional-locks', 'status', '--porcelain=v1', '--untracked-files=all']),
    branches: git(root, ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/', 'refs/remotes/', 'refs/stash']).split('\n').filter((l) => !l.startsWith('refs/heads/coordination ') && !l.startsWith('refs/remotes/origin/coordination ')).join('\n'),
    rebase: existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply')),
    files,
  };
}
