import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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

  it('passes quietly on a machine that has everything', () => {
    const r = preflight('test', {});
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
  });
});
