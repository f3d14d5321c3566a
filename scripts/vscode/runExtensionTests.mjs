// Runs the extension tests (out/test/extension/index.js) inside a real VS Code extension host: code-server
// serves the workbench, headless Debian Chromium (driven by playwright-core) opens it with a payload that
// loads this repo as the extension under development, and the workbench reports the tests' result through
// window.codeAutomationExit. See shared/docs/real-vscode.md. Builds nothing: run `npm run build` (dist/)
// and `npm run compile` (out/) first.
//
//   node scripts/vscode/runExtensionTests.mjs [--workspace DIR] [--untrusted] [--tests FILE]
//                                            [--timeout SECONDS] [--grep PATTERN] [--keep]
// Env equivalents: COORD_TEST_WORKSPACE, COORD_TEST_UNTRUSTED=1, COORD_TEST_TIMEOUT (seconds),
// COORD_TEST_GREP (passed to mocha in the extension host), COORD_TEST_KEEP=1 (keep temp folders, log).
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';
import { chromiumLaunchOptions } from '../lib/browser.mjs';
import { ensureCodeServer, MissingPrerequisiteError } from './installCodeServer.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', default: process.env.COORD_TEST_WORKSPACE },
    untrusted: { type: 'boolean', default: process.env.COORD_TEST_UNTRUSTED === '1' },
    tests: { type: 'string', default: join(repoRoot, 'out', 'test', 'extension', 'index.js') },
    timeout: { type: 'string', default: process.env.COORD_TEST_TIMEOUT ?? '600' },
    grep: { type: 'string', default: process.env.COORD_TEST_GREP },
    keep: { type: 'boolean', default: process.env.COORD_TEST_KEEP === '1' },
    verbose: { type: 'boolean', default: process.env.COORD_TEST_VERBOSE === '1' },
    // Two folders, each with a coordination tree, opened as one multi-root workspace.
    'multi-root': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (m) => console.log(`[runExtensionTests ${elapsed()}] ${m}`);

function fail(message) {
  console.error(`[runExtensionTests] ${message}`);
  process.exit(1);
}

const testsModule = resolve(opts.tests);
for (const [file, hint] of [
  [join(repoRoot, 'dist', 'extension.js'), 'npm run build'],
  [testsModule, 'npm run compile'],
]) {
  if (!existsSync(file)) fail(`${file} is missing; run \`${hint}\` first`);
}
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) fail(`--timeout must be a positive number of seconds, got ${opts.timeout}`);

// Before any temp folder exists, so a missing package ends the run with nothing to clean up.
let launchOptions;
try {
  await ensureCodeServer();
  launchOptions = await chromiumLaunchOptions();
} catch (e) {
  fail(e instanceof MissingPrerequisiteError ? e.message : `installing code-server or the browser failed: ${e?.stack ?? e}`);
}

const cleanups = [];
let workspace = opts.workspace && resolve(opts.workspace);
if (!workspace) {
  // A git repository, because the extension coordinates through files carried by git.
  workspace = mkdtempSync(join(tmpdir(), 'coord-ext-ws-'));
  execFileSync('git', ['init', '-q', workspace]);
  // Tests that commit must not depend on the machine having a git identity configured.
  execFileSync('git', ['-C', workspace, 'config', 'user.name', 'Extension Tests']);
  execFileSync('git', ['-C', workspace, 'config', 'user.email', 'extension-tests@example.invalid']);
  writeFileSync(join(workspace, 'README.md'), '# extension test workspace\n');
  if (!opts.keep) cleanups.push(() => rmSync(workspace, { recursive: true, force: true }));
}
// A multi-root run opens a .code-workspace of two folders beside the first, each with its own tree.
let workspaceFile;
if (opts['multi-root']) {
  const second = mkdtempSync(join(tmpdir(), 'coord-ext-ws2-'));
  execFileSync('git', ['init', '-q', second]);
  if (!opts.keep) cleanups.push(() => rmSync(second, { recursive: true, force: true }));
  for (const folder of [workspace, second]) execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'init', '--root', folder], { stdio: 'ignore' });
  workspaceFile = join(workspace, 'two-roots.code-workspace');
  writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: workspace }, { path: second }] }));
}
// Read by the tests in the extension host, which inherits this environment.
if (opts.grep) process.env.COORD_TEST_GREP = opts.grep;
process.env.COORD_TEST_UNTRUSTED = opts.untrusted ? '1' : '0';

// The page's console carries the workbench's log, into which the extension host's console is also
// logged; the test output proper comes through COORD_TEST_OUTPUT (see test/extension/index.ts). Without
// --verbose only errors are shown, less those that are expected offline.
const NOISE = [
  /vsda/i,
  /Failed to load resource/,
  /marketplace|gallery|open-vsx|update\.code\.visualstudio|api\.github\.com/i,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/,
  /authentication provider 'github'/,
  /Long running operations during shutdown/,
];

async function argValue(handle) {
  try {
    return await handle.jsonValue();
  } catch {
    return String(handle); // not serialisable (a DOM node, a function): its description will do
  }
}

/**
 * Formats console arguments as a console would show them, minus CSS. The workbench logs
 * ('%c INFO', 'color: #33f', <the message's own format string>, ...its args): two levels of format strings,
 * which Playwright's msg.text() leaves unformatted.
 */
function formatArgs(args) {
  if (args.length === 0) return '';
  if (typeof args[0] !== 'string') return format(...args);
  let i = 1;
  const head = args[0].replace(/%[sdifoOjc%]/g, (spec) => {
    if (spec === '%%') return '%';
    if (i >= args.length) return spec;
    const arg = args[i++];
    return spec === '%c' ? '' : format(spec, arg);
  });
  const rest = args.slice(i);
  return rest.length ? `${head} ${formatArgs(rest)}` : head;
}

async function consoleText(msg) {
  const args = await Promise.all(msg.args().map(argValue));
  return (args.length ? formatArgs(args) : msg.text()).trimEnd();
}

/** Prints lines appended to `file` as they come; the returned function prints the rest and stops. */
function followFile(file, onLine) {
  let offset = 0;
  let partial = '';
  const pump = () => {
    let fd;
    try {
      fd = openSync(file, 'r');
    } catch {
      return; // not created yet
    }
    try {
      const buf = Buffer.alloc(64 * 1024);
      let n;
      while ((n = readSync(fd, buf, 0, buf.length, offset)) > 0) {
        offset += n;
        partial += buf.subarray(0, n).toString('utf8');
        let nl;
        while ((nl = partial.indexOf('\n')) >= 0) {
          onLine(partial.slice(0, nl));
          partial = partial.slice(nl + 1);
        }
      }
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
    if (partial) onLine(partial);
    partial = '';
    return offset;
  };
}

// The extension host inherits code-server's environment, and so this variable (read by index.ts).
const testOutput = join(mkdtempSync(join(tmpdir(), 'coord-ext-out-')), 'tests.log');
process.env.COORD_TEST_OUTPUT = testOutput;
cleanups.push(() => rmSync(dirname(testOutput), { recursive: true, force: true }));
const stopFollowing = followFile(testOutput, (line) => console.log(line));

// Untrusted runs give the tests a file in which scripts/vscode/gitRecorder/git records every git run, and the
// real git for it to call. (The tests put the recorder first on the extension host's PATH themselves: the
// server rebuilds that PATH from the login shell, so setting it here would not reach the host.)
if (opts.untrusted) {
  const gitLog = join(dirname(testOutput), 'git.log');
  writeFileSync(gitLog, '');
  process.env.COORD_GIT_LOG = gitLog;
  process.env.COORD_REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
}

let server;
let browser;
let consoleChain = Promise.resolve();
let exitCode = 1;
try {
  say(`workspace ${workspace}${opts.untrusted ? ' (untrusted)' : ''}`);
  server = await startCodeServer({
    workspace,
    trusted: !opts.untrusted,
    keepTempDirs: opts.keep,
    onOutput: (line) => {
      if (opts.verbose) console.log(`[code-server] ${line}`);
    },
  });
  say(`code-server on ${server.url} (log ${server.logFile})`);

  browser = await chromium.launch(launchOptions);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  // The workbench calls this when the tests module's run() settles: 0 resolved, 1 rejected.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

  // Formatting is asynchronous; a chain keeps the lines in the order the page logged them.
  page.on('console', (msg) => {
    consoleChain = consoleChain.then(async () => {
      const text = await consoleText(msg).catch(() => msg.text());
      if (!text.trim()) return;
      const type = msg.type();
      if (!opts.verbose && (type !== 'error' || NOISE.some((re) => re.test(text)))) return;
      console.log(`[page ${type}] ${text}`);
    });
  });
  page.on('pageerror', (err) => console.log(`[page exception] ${err.message}`));
  page.on('crash', () => resolveExit({ error: 'the workbench page crashed' }));
  server.exited.then((e) => resolveExit({ error: `code-server exited (${e.signal ?? `exit ${e.code}`})` }));

  let url = workbenchUrl(server, { extensionDevelopmentPath: repoRoot, extensionTestsPath: testsModule });
  if (workspaceFile) url = url.replace(/([?&])folder=[^&]*/, `$1workspace=${encodeURIComponent(workspaceFile)}`);
  let timer;
  // The clock starts before the page loads: a workbench that never finishes loading is a timeout too.
  const timedOut = new Promise((r) => (timer = setTimeout(() => r({ error: `timed out after ${opts.timeout} s` }), timeoutMs)));
  say(`opening workbench`);
  page.goto(url, { timeout: 0 }).catch((e) => resolveExit({ error: `could not open the workbench: ${e.message}` }));
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  await consoleChain;
  const outputBytes = stopFollowing();

  if (typeof result === 'number') {
    if (outputBytes === 0) say(`the tests module wrote no output to ${testOutput}; rerun with --verbose to see the workbench log`);
    exitCode = result;
    say(`tests ${result === 0 ? 'passed' : `failed (code ${result})`}`);
  } else {
    exitCode = 1;
    const shot = join(tmpdir(), `coord-ext-tests-${process.pid}.png`);
    await page.screenshot({ path: shot }).then(
      () => say(`screenshot of the workbench: ${shot}`),
      () => {},
    );
    say(`tests did not finish: ${result.error}; code-server log: ${server.logFile} (kept)`);
    opts.keep = true;
  }
} catch (e) {
  console.error(`[runExtensionTests] ${e?.stack ?? e}`);
  exitCode = 1;
} finally {
  stopFollowing();
  await browser?.close().catch(() => {});
  if (server) {
    if (opts.keep) say(`kept: ${server.logFile}`);
    await server.stop({ keepTempDirs: opts.keep });
  }
  for (const c of cleanups) c();
  say(`done, exit ${exitCode}`);
}
process.exit(exitCode);
