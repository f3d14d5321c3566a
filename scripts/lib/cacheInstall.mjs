// Tools too large to be dependencies (code-server, Node 24, the coding agents) install on first use into one cache
// folder outside the clone, each into a folder of its own named with its version, under a lock, marked done last.
// Env: COORD_VSCODE_CACHE overrides the cache folder (default ~/.cache/session-coordination).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// A marker written last: a folder without it is a half-finished install (interrupted, failed) and is redone.
const MARKER = '.coord-installed';
const LOCK_STALE_MS = 30 * 60 * 1000;

export function cacheRoot() {
  return process.env.COORD_VSCODE_CACHE || join(homedir(), '.cache', 'session-coordination');
}

export function isInstalled(dir) {
  return existsSync(join(dir, MARKER));
}

/**
 * The environment without what an outer npm (`npm test`, `npm start`) put there about itself. The inner
 * `npm install` reads `npm_config_*` as its own settings, so the outer `npm_config_user_agent` ("… node/v20 …")
 * became the inner one's, and code-server's postinstall, which reads the Node version from it, refused to install.
 * The user's own settings stay (npm re-reads .npmrc anyway).
 */
export function withoutOuterNpm(env) {
  const outer = /^(npm_config_(user_agent|local_prefix|call|npm_version|node_gyp)|npm_(node_execpath|execpath|command)|npm_lifecycle_.*|npm_package_.*|NODE|INIT_CWD)$/i;
  return Object.fromEntries(Object.entries(env).filter(([key]) => !outer.test(key)));
}

function run(cmd, args, { cwd, env, log }) {
  return new Promise((resolve, reject) => {
    log(`$ ${cmd} ${args.join(' ')}   (in ${cwd})`);
    // npm's output goes to stderr: stdout carries only the paths (JSON) when run as a command.
    const child = spawn(cmd, args, { cwd, env: withoutOuterNpm(env), stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd}`)),
    );
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// Two runs at once (a test run and `npm start`, say) must not npm-install into the same folder together.
export async function withLock(root, name, log, fn) {
  mkdirSync(root, { recursive: true });
  const lock = join(root, `.${name}.lock`);
  let waitedSaid = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {}
      let mtimeMs = Date.now();
      try {
        mtimeMs = statSync(lock).mtimeMs;
      } catch {}
      if ((Number.isFinite(holder) && !pidAlive(holder)) || Date.now() - mtimeMs > LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waitedSaid) log(`waiting for another install (pid ${holder}) holding ${lock}`);
      waitedSaid = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Installs into its own folder with its own package.json, then `npm install` with no package argument:
 * `npm install X` in a folder whose package.json lacks other packages prunes them (the doc's warning).
 * prepare: an async last step of the install, inside the lock and before the marker (unpacking what a package
 * ships, say), so that an interrupted one is redone whole.
 */
export async function installFolder({ dir, name, dependencies, allowScripts = [], env, log, prepare, verify }) {
  if (isInstalled(dir)) return;
  await withLock(join(dir, '..'), name, log, async () => {
    if (isInstalled(dir)) return; // another process finished it while we waited
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        {
          name: `coord-cache-${name}`,
          private: true,
          description: 'Tool cache of session-coordination (scripts/lib/cacheInstall.mjs); safe to delete.',
          dependencies,
          // npm 11.19 runs unreviewed dependency install scripts with a warning; approving the ones this
          // install needs keeps it working if npm ever blocks them (and quiets the warning).
          allowScripts: Object.fromEntries(allowScripts.map((d) => [d, true])),
        },
        null,
        2,
      ) + '\n',
    );
    const started = Date.now();
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--foreground-scripts'], {
      cwd: dir,
      env,
      log,
    });
    await prepare?.();
    verify?.();
    writeFileSync(join(dir, MARKER), `${new Date().toISOString()} ${JSON.stringify(dependencies)}\n`);
    log(`${name} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });
}

export function mustExist(p, why) {
  if (!existsSync(p)) throw new Error(`${why}: ${p}`);
}

