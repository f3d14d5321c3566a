// Starts and stops code-server (a real VS Code workbench + extension host served to a browser) for one
// workspace folder. Shared by the extension test runner, UI tests and `npm start`.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer } from './installCodeServer.mjs';

export const HOST = '127.0.0.1';

/** A port the OS says is free now (tiny race until code-server binds it; acceptable on loopback). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((res) => {
    const req = get(url, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * @param {object} options
 * @param {string} options.workspace   folder to open (absolute or relative to cwd)
 * @param {boolean} [options.trusted=true]  false drops --disable-workspace-trust, to test Restricted Mode
 * @param {number} [options.port]      default: a free port
 * @param {string} [options.userDataDir]  default: a fresh temp folder (removed by stop())
 * @param {string} [options.extensionsDir] default: a fresh temp folder (removed by stop())
 * @param {string[]} [options.extraArgs]  e.g. ['--install-extension', 'x.vsix'] is a separate run, not this
 * @param {(line: string) => void} [options.onOutput]  each line code-server prints (also kept in logFile)
 * @param {number} [options.startTimeoutMs=60000]
 * @param {boolean} [options.keepTempDirs=false]
 */
export async function startCodeServer(options) {
  const {
    trusted = true,
    extraArgs = [],
    onOutput,
    startTimeoutMs = 60_000,
    keepTempDirs = false,
  } = options;
  const workspace = resolve(options.workspace);
  const paths = await ensureCodeServer();
  const port = options.port ?? (await freePort());
  const tempDir = mkdtempSync(join(tmpdir(), 'coord-code-server-'));
  const userDataDir = options.userDataDir ?? join(tempDir, 'user');
  const extensionsDir = options.extensionsDir ?? join(tempDir, 'ext');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const logFile = join(tempDir, 'code-server.log');

  const args = [
    paths.entry,
    '--auth', 'none',
    '--bind-addr', `${HOST}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    // Without it the workbench ignores the payload's extensionDevelopmentPath / extensionTestsPath.
    '--vscode-option', 'enable-smoke-test-driver',
    ...extraArgs,
    workspace,
  ];

  // detached: its own process group, so stop() also ends the extension host and other children.
  const child = spawn(paths.node, args, {
    cwd: workspace,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${join(paths.nodeHome, 'bin')}:${process.env.PATH ?? ''}` },
  });
  const log = createWriteStream(logFile);
  let exited = null;
  const exitPromise = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (!onOutput) return;
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onOutput(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  }

  // If our process dies without calling stop(), do not leave a server (and its extension host) behind.
  const killGroupSync = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.on('exit', killGroupSync);

  let stopped = false;
  /** Ends code-server and everything it started; removes the temp folders unless asked to keep them. */
  async function stop({ keepTempDirs: keep = keepTempDirs } = {}) {
    if (stopped) return;
    stopped = true;
    process.off('exit', killGroupSync);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const timer = setTimeout(killGroupSync, 5000);
      await exitPromise;
      clearTimeout(timer);
      // The server may exit before its extension host does; make sure the whole group is gone.
      killGroupSync();
    }
    await new Promise((r) => log.end(r));
    if (!keep) rmSync(tempDir, { recursive: true, force: true });
  }

  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited while starting (${exited.signal ?? `exit ${exited.code}`}); see output above`);
    }
    // /healthz answers once the HTTP server is up; the workbench page is served from the same moment.
    if ((await httpStatus(`${url}/healthz`)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${startTimeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return { url, port, workspace, userDataDir, extensionsDir, logFile, process: child, paths, exited: exitPromise, stop };
}

/**
 * The workbench URL for `workspace`; with `development`, a payload that makes the workbench load an
 * extension from source and run a tests module in its extension host (see shared/docs/real-vscode.md).
 * @param {{url: string, port: number, workspace: string}} server
 * @param {{extensionDevelopmentPath: string, extensionTestsPath?: string}} [development]
 */
export function workbenchUrl(server, development) {
  // encodeURIComponent rather than URLSearchParams: the latter writes spaces as '+', which a path-valued
  // parameter must not rely on.
  let query = `folder=${encodeURIComponent(server.workspace)}`;
  if (development) {
    const remote = (p) => `vscode-remote://${HOST}:${server.port}${resolve(p)}`;
    const payload = [['extensionDevelopmentPath', remote(development.extensionDevelopmentPath)]];
    if (development.extensionTestsPath) payload.push(['extensionTestsPath', remote(development.extensionTestsPath)]);
    payload.push(['skipWelcome', 'true']);
    query += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return `${server.url}/?${query}`;
}
