// The live board's figure for `npm run bench` (issue 13): `coord status --watch` on a tree of 1,000 sessions in a
// git repository, running on a real pseudo-terminal (scripts/lib/pseudoTerminal.mjs). This process plays the other
// process: it rewrites one active session's file as a heartbeat does (temporary file, rename) with a target no
// earlier frame held, and times from just before that write to the moment the pty delivers a frame showing it.
// The limit is absolute (p95 ≤ 200 ms); as context the table shows what one plain `coord status` costs
// on the same tree, since that is what a board re-reading the whole tree on every change would pay at least.
//
// scripts/bench.mjs imports `statusWatchFixtures` and `statusWatchFigures` and runs them like its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, coordEnv } from '../lib/coordProcs.mjs';
import { generateTree, toJson } from '../lib/generateTree.mjs';
import { spawnInPty } from '../lib/pseudoTerminal.mjs';

const changes = 60;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const statusWatchFixtures = {
  /** 1,000 sessions, 5,000 claims and 10,000 messages (the default scale but fewer messages) in a git repository. */
  tree: (scale, cleanups, { keep = false } = {}) => {
    const root = mkdtempSync(join(tmpdir(), 'coord-bench-watch-'));
    if (!keep) cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const git = spawnSync('git', ['init', '-q', root], { encoding: 'utf8' });
    if (git.status !== 0) throw new Error(`git init: ${git.stderr}`);
    const tree = generateTree(root, { sessions: scale.sessions, claims: scale.claims, messages: 10_000, seed: 13 });
    return { root, tree };
  },
};

function statusWallMs(root, session) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cliPath, 'status'], { cwd: root, env: coordEnv(session), stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`coord status exited ${r.status ?? r.signal}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

export const statusWatchFigures = [
  {
    id: 'status-watch-1000',
    label: 'coord status --watch, 1,000 sessions in git: another process\'s write to its redraw on a pty (p95)',
    fixture: 'statusWatch',
    target: { max: 200, unit: 'ms', of: 'value' },
    measure: async (fx) => {
      const { root, tree } = fx;
      const plain = Array.from({ length: 5 }, () => statusWallMs(root, tree.focusSession));
      const env = coordEnv(tree.focusSession, { COORD_SYNC: 'off' });
      delete env.NO_COLOR;
      const started = performance.now();
      // Wide enough that the changed session's line shows its target whole.
      const pty = spawnInPty([process.execPath, cliPath, 'status', '--watch'], { cwd: root, env, cols: 240, rows: 60 });
      const latencies = [];
      try {
        await pty.waitFor('Ctrl+C to stop', { timeoutMs: 60_000 });
        const firstFrameMs = performance.now() - started;
        const dir = join(root, 'docs', 'coordination', 'sessions');
        const ids = tree.activeSessionIds;
        for (let i = 0; i < changes; i++) {
          const id = ids[(i * 7919) % ids.length];
          const file = join(dir, `${id}.json`);
          const session = JSON.parse(readFileSync(file, 'utf8'));
          const target = `bench/probe-${i}-${Date.now().toString(36)}.ts`;
          const heartbeat = { action: 'benchmarking', target };
          const next = { ...session, heartbeatAt: new Date().toISOString(), beats: session.beats + 1, heartbeat };
          const from = pty.mark();
          const shown = pty.waitFor(target, { from, timeoutMs: 10_000 });
          const t0 = performance.now();
          const tmp = join(dir, `.${id}.bench-tmp`);
          writeFileSync(tmp, toJson(next));
          renameSync(tmp, file);
          const { at } = await shown;
          latencies.push(at - t0);
          // Apart enough that no two changes share a frame: each sample is one write's own redraw.
          await sleep(80 + (i % 5) * 20);
        }
        pty.interrupt();
        const exit = await pty.exited;
        if (exit.code !== 0) throw new Error(`coord status --watch exited ${exit.code ?? exit.signal} on Ctrl+C`);
        const p50 = quantile(latencies, 0.5);
        const max = Math.max(...latencies);
        return {
          value: quantile(latencies, 0.95),
          baseline: quantile(plain, 0.5),
          unit: 'ms',
          note: `${changes} changes: median ${p50.toFixed(0)} ms, slowest ${max.toFixed(0)} ms; first frame ` +
            `${firstFrameMs.toFixed(0)} ms; baseline: one plain coord status on this tree (median wall)`,
        };
      } finally {
        pty.kill();
      }
    },
  },
];
