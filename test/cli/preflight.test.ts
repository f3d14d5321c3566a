import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The first step of `npm test` and `npm start` (scripts/preflight.mjs): on a machine that lacks a Debian package,
 * it stops at once naming each missing one with the command that installs them. The prerequisites are hidden from
 * it as they would be missing: a PATH holding only node, an empty tool cache (so code-server is still to be built),
 * and the krb5 headers under an empty /usr/include in a mount namespace of its own. The browser the tests drive is
 * none of them: it comes from npm (scripts/lib/browser.mjs), so no `chromium` is ever asked for.
 */
describe('npm test / npm start preflight: missing system packages are named in the first seconds', () => {
  const script = resolve(__dirname, '../../../scripts/preflight.mjs');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coord-preflight-'));
    symlinkSync(process.execPath, join(dir, 'node'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const preflight = (purpose: string, env: Record<string, string>, { emptyInclude = false } = {}) => {
    const { CI: _ci, COORD_CHROMIUM: _chromium, ...rest } = process.env;
    const started = Date.now();
    const node = [process.execPath, script, purpose];
    // A mount namespace of its own, where /usr/include is an empty tmpfs; the shell's PATH is not the one under test.
    const hideHeaders = ['/usr/bin/unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c'];
    const mountThenRun = 'PATH=/usr/sbin:/usr/bin:/sbin:/bin mount -t tmpfs tmpfs /usr/include && exec "$@"';
    const [cmd, ...args] = emptyInclude ? [...hideHeaders, mountThenRun, 'sh', ...node] : node;
    const r = spawnSync(cmd as string, args, { encoding: 'utf8', env: { ...rest, ...env } });
    return { ...r, ms: Date.now() - started };
  };
  const named = (stderr: string) => [...stderr.matchAll(/^ {2}([a-z0-9+.-]+): /gm)].map((m) => m[1]);

  it('npm test: git, tmux and the build tools, with the apt-get line — and no browser package', () => {
    const r = preflight('test', { PATH: dir, COORD_VSCODE_CACHE: join(dir, 'cache') });
    assert.equal(r.status, 1, r.stderr);
    for (const name of ['git', 'tmux', 'build-essential', 'python3']) {
      assert.match(r.stderr, new RegExp(`^  ${name}: `, 'm'), r.stderr);
    }
    assert.match(r.stderr, /sudo apt-get update && sudo apt-get install -y git tmux build-essential python3$/m);
    assert.doesNotMatch(r.stderr, /chromium/i);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  it('npm start: the same but tmux (no agent suite), for its first install of code-server', () => {
    const r = preflight('start', { PATH: dir, COORD_VSCODE_CACHE: join(dir, 'cache') });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^npm start: this machine lacks Debian package\(s\): git build-essential python3\n/);
    assert.doesNotMatch(r.stderr, /chromium/i);
  });

  it('names exactly the one that is missing, hiding each in turn', function () {
    // A PATH holding node and each tool the preflight looks for, from where this machine has them, but one.
    const tools = ['git', 'tmux', 'make', 'g++', 'python3'];
    const found = (cmd: string) =>
      (process.env.PATH ?? '')
        .split(':')
        .map((d) => join(d, cmd))
        .find((p) => existsSync(p));
    const canHideHeaders = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');
    const hides = [...tools, ...(canHideHeaders ? ['krb5 headers'] : [])];
    for (const hidden of hides) {
      const bin = mkdtempSync(join(dir, 'bin-'));
      symlinkSync(process.execPath, join(bin, 'node'));
      for (const tool of tools) {
        const at = found(tool);
        if (tool !== hidden && at) symlinkSync(at, join(bin, tool));
      }
      const env = { PATH: bin, COORD_VSCODE_CACHE: join(dir, 'cache') };
      const r = preflight('test', env, { emptyInclude: hidden === 'krb5 headers' });
      const packageOf: Record<string, string> = {
        git: 'git',
        tmux: 'tmux',
        make: 'build-essential',
        'g++': 'build-essential',
        python3: 'python3',
        'krb5 headers': 'libkrb5-dev',
      };
      const expected = packageOf[hidden];
      assert.deepEqual(named(r.stderr), [expected], `hiding ${hidden}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`sudo apt-get install -y ${expected}$`, 'm'));
      assert.equal(r.status, 1);
    }
    if (!canHideHeaders) this.skip(); // the krb5 case needs root (a mount namespace); the others ran
  });

  it('passes quietly on a machine that has everything', () => {
    const r = preflight('test', {});
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
});
