// Runs the same extension test suite (out/test/extension/index.js) in VS Code desktop through
// @vscode/test-electron, for machines that have VS Code or can download it. Machines without internet
// access cannot (the download fails); they use runExtensionTests.mjs (code-server) instead.
// Builds nothing: run `npm run build` and `npm run compile` first.
//
//   node scripts/vscode/runElectronTests.mjs [--workspace DIR] [--grep PATTERN]
//                                           [--vscode PATH_TO_CODE_EXECUTABLE] [--version 1.95.0|stable]
// Env equivalents: COORD_TEST_WORKSPACE, COORD_TEST_GREP, COORD_VSCODE_EXECUTABLE, COORD_VSCODE_VERSION.
// Untrusted-workspace runs need runExtensionTests.mjs --untrusted: runTests always passes
// --disable-workspace-trust.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { cacheRoot } from '../lib/cacheInstall.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', default: process.env.COORD_TEST_WORKSPACE },
    untrusted: { type: 'boolean', default: process.env.COORD_TEST_UNTRUSTED === '1' },
    grep: { type: 'string', default: process.env.COORD_TEST_GREP },
    vscode: { type: 'string', default: process.env.COORD_VSCODE_EXECUTABLE },
    version: { type: 'string', default: process.env.COORD_VSCODE_VERSION },
  },
});

if (opts.untrusted) {
  console.error('[runElectronTests] --untrusted is not possible here: @vscode/test-electron always passes --disable-workspace-trust; use runExtensionTests.mjs --untrusted');
  process.exit(2);
}

const testsModule = join(repoRoot, 'out', 'test', 'extension', 'index.js');
for (const [file, hint] of [
  [join(repoRoot, 'dist', 'extension.js'), 'npm run build'],
  [testsModule, 'npm run compile'],
]) {
  if (!existsSync(file)) {
    console.error(`[runElectronTests] ${file} is missing; run \`${hint}\` first`);
    process.exit(1);
  }
}

let workspace = opts.workspace && resolve(opts.workspace);
const ownWorkspace = !workspace;
if (ownWorkspace) {
  workspace = mkdtempSync(join(tmpdir(), 'coord-ext-ws-'));
  execFileSync('git', ['init', '-q', workspace]);
  // Tests that commit must not depend on the machine having a git identity configured.
  execFileSync('git', ['-C', workspace, 'config', 'user.name', 'Extension Tests']);
  execFileSync('git', ['-C', workspace, 'config', 'user.email', 'extension-tests@example.invalid']);
  writeFileSync(join(workspace, 'README.md'), '# extension test workspace\n');
}
const profileDir = mkdtempSync(join(tmpdir(), 'coord-vscode-profile-'));

let exitCode = 1;
try {
  exitCode = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsModule,
    // Beside code-server's cache rather than .vscode-test/ in the clone: kept across clones, never committed.
    cachePath: join(cacheRoot(), 'vscode-test'),
    ...(opts.vscode ? { vscodeExecutablePath: opts.vscode } : {}),
    ...(opts.version ? { version: opts.version } : {}),
    extensionTestsEnv: {
      COORD_TEST_UNTRUSTED: '0',
      ...(opts.grep ? { COORD_TEST_GREP: opts.grep } : {}),
    },
    launchArgs: [
      workspace,
      // A profile of its own, and no other installed extensions, so results do not depend on the machine
      // (and nothing is written into the clone, where runTests would otherwise put them).
      '--user-data-dir', join(profileDir, 'user'),
      '--extensions-dir', join(profileDir, 'ext'),
      '--disable-extensions',
      '--disable-telemetry',
    ],
  });
} catch (e) {
  // runTests rejects with TestRunFailedError (code set) when the tests fail, with other errors when
  // VS Code cannot be downloaded or started.
  console.error(`[runElectronTests] ${e?.message ?? e}`);
  exitCode = typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
} finally {
  rmSync(profileDir, { recursive: true, force: true });
  if (ownWorkspace) rmSync(workspace, { recursive: true, force: true });
}
process.exit(exitCode);
