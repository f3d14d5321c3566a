import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The first step of `npm test` and `npm start` (scripts/preflight.mjs): on a machine that lacks a Debian package,
 * it stops at once naming each missing one with the command that installs them. The prerequisites are hidden from
 * it as they would be missing: a PATH holding only node, a Chromium path that does not exist, an empty cache.
 */
describe('npm test / npm start preflight: missing system packages are named in the first seconds', () => {
  const script = resolve(__dirname, '../../../scripts/preflight.mjs');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coord-preflight-'));
    symlinkSync(process.execPath, join(dir, 'node'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const preflight = (purpose: string, env: Record<string, string>) => {
    const { CI: _ci, ...rest } = process.env;
    const started = Date.now();
    const r = spawnSync(process.execPath, [script, purpose], { encoding: 'utf8', env: { ...rest, ...env } });
    return { ...r, ms: Date.now() - started };
  };

  it('npm test: git, Chromium and the build tools, with the apt-get line', () => {
    const r = preflight('test', { PATH: dir, COORD_CHROMIUM: join(dir, 'no-chromium'), COORD_VSCODE_CACHE: join(dir, 'cache') });
    assert.equal(r.status, 1, r.stderr);
    for (const name of ['git', 'chromium', 'build-essential', 'python3']) assert.match(r.stderr, new RegExp(`^  ${name}: `, 'm'), r.stderr);
    assert.match(r.stderr, /sudo apt-get install -y git chromium build-essential python3/);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  it('npm start needs no Chromium (a person uses their own browser), but the build tools for its first install', () => {
    const r = preflight('start', { PATH: dir, COORD_CHROMIUM: join(dir, 'no-chromium'), COORD_VSCODE_CACHE: join(dir, 'cache') });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^npm start: this machine lacks Debian package\(s\): git build-essential python3\n/);
    assert.doesNotMatch(r.stderr, /chromium/i);
  });

  it('names exactly the one that is missing, hiding each in turn', () => {
    // A PATH holding node and each tool the preflight looks for, from where this machine has them, but one.
    const tools = ['git', 'make', 'g++', 'python3'];
    const found = (cmd: string) => (process.env.PATH ?? '').split(':').map((d) => join(d, cmd)).find((p) => existsSync(p));
    for (const hidden of [...tools, 'chromium']) {
      const bin = mkdtempSync(join(dir, 'bin-'));
      symlinkSync(process.execPath, join(bin, 'node'));
      for (const tool of tools) {
        const at = found(tool);
        if (tool !== hidden && at) symlinkSync(at, join(bin, tool));
      }
      const chromium = hidden === 'chromium' ? join(dir, 'no-chromium') : process.env.COORD_CHROMIUM ?? '/usr/bin/chromium';
      const r = preflight('test', { PATH: bin, COORD_CHROMIUM: chromium, COORD_VSCODE_CACHE: join(dir, 'cache') });
      const named = [...r.stderr.matchAll(/^  ([a-z0-9+-]+): /gm)].map((m) => m[1]);
      const expected = { git: 'git', make: 'build-essential', 'g++': 'build-essential', python3: 'python3', chromium: 'chromium' }[hidden];
      assert.deepEqual(named.filter((n) => n !== 'libkrb5-dev'), [expected], `hiding ${hidden}: ${r.stderr}`);
      assert.equal(r.status, 1);
    }
  });

  it('passes quietly on a machine that has everything', () => {
    const r = preflight('test', {});
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
});
