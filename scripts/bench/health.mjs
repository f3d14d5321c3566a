// The health-check figure for `npm run bench`: one `coord health` round on a tree of 1,000 sessions and 5,000
// claims with 20 services in services.json, 10 of them slow (5 answer late, 5 never answer and time out) — all on
// real HTTP servers on loopback. The round must stay under 1 s, which it can only do if the checks run at once
// and each is cut off at its own timeout.
//
// scripts/bench.mjs imports `healthFixtures` and `healthFigures` and runs them like its own.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, coordEnv } from '../lib/coordProcs.mjs';
import { generateTree } from '../lib/generateTree.mjs';

const slowAnswerMs = 300;
const degradedAboveMs = 150;
const hangTimeoutMs = 500;
const reps = 3;

/** Wall time of one process, without blocking this one: the HTTP servers live in this process and must answer. */
function wallAsync(argv, cwd) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { cwd, env: coordEnv(undefined, { COORD_SYNC: 'off' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stdout}${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

async function startServer() {
  const hanging = new Set();
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/slow')) setTimeout(() => res.end('slow'), slowAnswerMs);
    else if (req.url?.startsWith('/hang')) hanging.add(res);
    else res.end('ok');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export const healthFixtures = {
  /** A template tree made once; each measured round runs on a fresh copy, since a round frees claims. */
  health: async (scale, cleanups) => {
    const template = mkdtempSync(join(tmpdir(), 'coord-bench-health-'));
    cleanups.push(() => rmSync(template, { recursive: true, force: true }));
    generateTree(template, { sessions: scale.sessions, claims: scale.claims, messages: 2000, workItems: 200, focusMessages: 0, seed: 6 });
    const server = await startServer();
    cleanups.push(() => server.close());
    const services = [
      ...Array.from({ length: 10 }, (_, i) => ({ name: `fast-${i}`, url: `${server.base}/fast/${i}`, timeoutMs: 2000 })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `slow-${i}`, url: `${server.base}/slow/${i}`, degradedAboveMs, timeoutMs: 2000 })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `hang-${i}`, url: `${server.base}/hang/${i}`, timeoutMs: hangTimeoutMs })),
    ];
    writeFileSync(join(template, 'docs', 'coordination', 'services.json'), `${JSON.stringify({ object: 'services', version: 1, services }, null, 2)}\n`);
    const baselines = [];
    for (let i = 0; i < reps; i++) baselines.push((await wallAsync(['-e', ''], template)).ms);
    return { template, baselineMs: median(baselines), cleanups };
  },
};

export const healthFigures = [
  {
    id: 'health-round-big',
    label: 'coord health, 1,000 sessions / 5,000 claims / 20 services, 10 slow (cold wall)',
    fixture: 'health',
    target: { max: 1, unit: 's', of: 'value' },
    measure: async (fixture) => {
      const fx = await fixture;
      const runs = [];
      let last;
      for (let i = 0; i < reps; i++) {
        const root = mkdtempSync(join(tmpdir(), 'coord-bench-health-run-'));
        fx.cleanups.push(() => rmSync(root, { recursive: true, force: true }));
        cpSync(fx.template, root, { recursive: true });
        const run = await wallAsync([cliPath, 'health', '--json'], root);
        runs.push(run.ms);
        last = JSON.parse(run.stdout);
      }
      const states = {};
      for (const r of last.services.results) states[r.state] = (states[r.state] ?? 0) + 1;
      // A bench of a wrong answer is no bench: the states must be what the servers were made to do.
      if (states.online !== 10 || states.degraded !== 5 || states.timeout !== 5) throw new Error(`health round: unexpected service states ${JSON.stringify(states)}`);
      const sessions = Object.values(last.sessions).reduce((a, b) => a + b, 0);
      if (sessions < 1000 || last.claims.total + last.claims.freed < 5000) throw new Error(`health round saw ${sessions} sessions and ${last.claims.total + last.claims.freed} claims`);
      return {
        value: median(runs) / 1000,
        baseline: fx.baselineMs / 1000,
        unit: 's',
        note: `round ${last.durationMs} ms inside; services 10 online, 5 degraded, 5 timeout (cut at ${hangTimeoutMs} ms); slowest run ${(Math.max(...runs) / 1000).toFixed(2)} s`,
      };
    },
  },
];

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
