// `npm start`: packages the extension and opens it on a demo workspace where simulated agents register, claim,
// beat and message (`coord simulate`). With `code` on PATH it installs the .vsix into that VS Code; otherwise it
// starts the embedded VS Code (code-server, installed on first use into a cache outside the clone) and prints
// the URL to open. Ctrl+C stops everything it started.
//
//   npm start [-- --agents N] [-- --port P] [-- --no-simulate]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cacheRoot } from './lib/cacheInstall.mjs';
import { ensureCodeServer } from './vscode/installCodeServer.mjs';
import { startCodeServer, workbenchUrl } from './vscode/codeServer.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    agents: { type: 'string', default: '4' },
    port: { type: 'string' },
    'no-simulate': { type: 'boolean', default: false },
    workspace: { type: 'string' },
  },
});
const say = (m) => console.log(`[start] ${m}`);
const cli = join(repoRoot, 'dist', 'cli.js');
const vsix = join(repoRoot, 'dist', 'session-coordination.vsix');

say('packaging the extension');
execFileSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
say(`packaged ${vsix}`);

const workspace = resolve(opts.workspace ?? join(cacheRoot(), 'demo-workspace'));
mkdirSync(workspace, { recursive: true });
if (!existsSync(join(workspace, '.git'))) {
  spawnSync('git', ['init', '-q', workspace]);
  // The demo's coordination files are state, not source: keep them out of its Source Control view.
  writeFileSync(join(workspace, '.git', 'info', 'exclude'), '/docs/coordination/\n', { flag: 'a' });
}
if (!existsSync(join(workspace, 'README.md'))) {
  writeFileSync(join(workspace, 'README.md'), '# Demo workspace\n\nSimulated agents coordinate here through docs/coordination. Open the Coordination view in the activity bar.\n');
}
// The first thing a newcomer sees is the dashboard, not a welcome page: in the demo's own settings, so it holds
// in a VS Code on PATH as in the embedded one. Settings the person added there are kept.
const firstView = { 'workbench.startupEditor': 'none', 'coordination.dashboard.openOnStartup': true };
mergeSettings(join(workspace, '.vscode', 'settings.json'), firstView);
const exclude = join(workspace, '.git', 'info', 'exclude');
if (existsSync(exclude) && !readFileSync(exclude, 'utf8').includes('/.vscode/')) {
  // The demo's editor settings are not its source either.
  writeFileSync(exclude, '/.vscode/\n', { flag: 'a' });
}
execFileSync(process.execPath, [cli, 'init', '--root', workspace], { stdio: 'ignore' });
say(`demo workspace ${workspace}`);

const children = [];
if (!opts['no-simulate']) {
  const sim = spawn(process.execPath, [cli, 'simulate', '--root', workspace, '--agents', opts.agents, '--interval', '3s'], { stdio: ['ignore', 'pipe', 'inherit'] });
  sim.stdout.on('data', () => {}); // the editor shows what the agents do; keep the terminal quiet
  children.push(sim);
  say(`${opts.agents} simulated agents are working (coord simulate)`);
}

let stopServer = async () => {};
const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  execFileSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  execFileSync('code', [workspace], { stdio: 'inherit' });
  say('opened in VS Code; the Coordination view is in the activity bar');
} else {
  say('no `code` on PATH: starting the embedded VS Code (code-server); the first run installs it (a few minutes)');
  let paths;
  try {
    paths = await ensureCodeServer();
  } catch (error) {
    // One clear message and a clean exit: the simulated agents stop too (left running, their pipe broke with EPIPE).
    for (const child of children) child.kill('SIGINT');
    console.error(`npm start: could not set up the embedded VS Code: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const state = join(cacheRoot(), 'start-state');
  const extensionsDir = join(state, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  // code-server's welcome page is a user-level choice too: off for this embedded editor's own user.
  // The embedded VS Code is the demo's alone: its chat panel would take a third of the window beside the dashboard.
  mergeSettings(join(state, 'user', 'User', 'settings.json'), {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  });
  execFileSync(paths.node, [paths.entry, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PATH: `${join(paths.nodeHome, 'bin')}:${process.env.PATH ?? ''}` },
  });
  const server = await startCodeServer({
    workspace,
    extensionsDir,
    userDataDir: join(state, 'user'),
    ...(opts.port ? { port: Number(opts.port) } : {}),
  });
  stopServer = () => server.stop();
  say(`VS Code is ready: open ${workbenchUrl(server)}`);
}
say('Ctrl+C stops it');

const shutdown = async () => {
  for (const child of children) child.kill('SIGINT');
  await stopServer();
  say('stopped');
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (hasCode && opts['no-simulate']) process.exit(0);

/** Sets these keys in a VS Code settings file, keeping the rest; a file that is not plain JSON is left alone. */
function mergeSettings(file, values) {
  let current = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      say(`left ${file} as it is (not plain JSON); the welcome page may show first`);
      return;
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...current, ...values }, null, 2)}\n`);
}
