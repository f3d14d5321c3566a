// A process on a real pseudo-terminal, for the tests and the bench of `coord status --watch`: util-linux
// `script` (/usr/bin/script, in every Debian base system) opens the pty, sizes it with `stty` and runs the command
// on it, so the command sees a terminal (isatty, columns, rows, Ctrl+C as SIGINT from the line discipline) while
// this process reads what it draws from a pipe. No native module, no mock.
import { spawn } from 'node:child_process';

const quote = (word) => `'${String(word).replaceAll("'", "'\\''")}'`;

/** Escape sequences (CSI and the few two-byte ones), for reading a screen's text. */
export const escapeSequence = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

/**
 * Starts `argv` on a pty of `cols` × `rows`. Returns { output(), mark(), waitFor(), interrupt(), write(), kill(),
 * exited }: output() is everything drawn so far (raw, escape codes included); waitFor(test, { from, timeoutMs })
 * resolves with { index, at } once test(output.slice(from)) holds, `at` being the performance.now() of the chunk
 * that made it hold; interrupt() types Ctrl+C; exited resolves with { code, signal }.
 */
export function spawnInPty(argv, { cwd, env = process.env, cols = 100, rows = 40 } = {}) {
  const command = `stty cols ${cols} rows ${rows} 2>/dev/null; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { ...env, SHELL: '/bin/sh', TERM: env.TERM && env.TERM !== 'dumb' ? env.TERM : 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  let stderr = '';
  const waiters = new Set();
  const check = (at) => {
    for (const w of waiters) {
      const slice = text.slice(w.from);
      if (!w.test(slice)) continue;
      waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve({ index: text.length, at });
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    const at = performance.now();
    text += chunk;
    check(at);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => {
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`the process ended (${code ?? signal}) before the screen showed it; it drew:\n${text}`));
    }
    waiters.clear();
    resolve({ code, signal });
  }));
  return {
    pid: child.pid,
    output: () => text,
    stderr: () => stderr,
    mark: () => text.length,
    waitFor(test, { from = 0, timeoutMs = 10_000 } = {}) {
      const predicate =
        typeof test === 'string' ? (s) => s.includes(test) : test instanceof RegExp ? (s) => test.test(s) : test;
      return new Promise((resolve, reject) => {
        const w = { test: predicate, from, resolve, reject };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          const got = text.slice(from);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${String(test)}; the screen got:\n${got}`));
        }, timeoutMs);
        waiters.add(w);
        check(performance.now());
      });
    },
    write: (data) => child.stdin.write(data),
    interrupt: () => child.stdin.write('\u0003'),
    kill: (signal = 'SIGKILL') => child.kill(signal),
    exited,
  };
}
