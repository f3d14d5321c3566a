// The extension's figures for `npm run bench`, measured inside a real VS Code: scripts/vscode/runExtensionTests.mjs
// runs out/test/extensionBench/index.js in code-server's extension host, which writes its results as JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs the in-host bench once; every extension figure reads the same results. */
export function extensionFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'coord-bench-ext-'));
  const out = join(dir, 'results.json');
  try {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'vscode', 'runExtensionTests.mjs'), '--tests', join(repoRoot, 'out', 'test', 'extensionBench', 'index.js')], {
      env: { ...process.env, COORD_BENCH_OUT: out },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (run.status !== 0) throw new Error(`the extension bench failed (exit ${run.status}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
    return { ...JSON.parse(readFileSync(out, 'utf8')), bundleKb: statSync(join(repoRoot, 'dist', 'extension.js')).size / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const extensionFigures = [
  {
    id: 'ext-activate',
    label: 'extension activate(), in VS Code',
    fixture: 'extension',
    target: { max: 20, unit: 'ms', of: 'value' },
    measure: (fx) => ({ value: fx.activationMs, unit: 'ms', note: 'registration only; measured by activate() itself' }),
  },
  {
    id: 'ext-bundle',
    label: 'extension bundle (minified)',
    fixture: 'extension',
    target: { max: 250, unit: 'KB', of: 'value' },
    measure: (fx) => ({ value: fx.bundleKb, unit: 'KB', note: 'dist/extension.js' }),
  },
  {
    id: 'ext-view-latency',
    label: 'file from another process → Sessions view, p95 of 200',
    fixture: 'extension',
    target: { max: 150, unit: 'ms', of: 'value' },
    measure: (fx) => ({ value: fx.viewLatencyP95Ms, baseline: fx.watchLatencyP95Ms, unit: 'ms', note: 'baseline: raw fs.watch p95 in the same host' }),
  },
  {
    id: 'ext-sessions-children',
    label: 'Sessions getChildren at 1,000 sessions',
    fixture: 'extension',
    target: { max: 50, unit: 'ms', of: 'value' },
    measure: (fx) => ({ value: fx.sessionsGetChildrenMs, baseline: fx.listingMs, unit: 'ms', note: `${fx.sessions} sessions; baseline: listing the folders` }),
  },
  {
    id: 'ext-claims-children',
    label: 'Claims getChildren (all types) at 5,000 claims',
    fixture: 'extension',
    target: { max: 50, unit: 'ms', of: 'value' },
    measure: (fx) => ({ value: fx.claimsGetChildrenMs, baseline: fx.listingMs, unit: 'ms', note: `${fx.claims} claims; baseline: listing the folders` }),
  },
];
