import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const installAgents = resolve(__dirname, '../../../scripts/agents/installAgents.mjs');

/**
 * The real-agent suites install three agents (~900 MB) on first use: on a disk that cannot hold them the install
 * stops before fetching anything and says how much is needed, how much is free, and where.
 */
describe('installing the coding agents the real-agent suites run', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coord-agent-install-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses on a disk too small, naming the megabytes needed and free and the folder, and fetches nothing', function () {
    // A 64 MB file system of its own, in a mount namespace that ends with the command (as root, as CI runs).
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/unshare')) this.skip();
    const cache = join(dir, 'cache');
    mkdirSync(cache);
    // What the install left in it is listed before the namespace (and the file system) ends.
    const script =
      'mount -t tmpfs -o size=64m tmpfs "$1" || exit 9; d=$1; shift; "$@"; s=$?; find "$d" -type f; exit $s';
    const r = spawnSync(
      '/usr/bin/unshare',
      ['--mount', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', cache, process.execPath, installAgents],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, COORD_VSCODE_CACHE: cache } },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /not enough free disk to install claude, codex, gemini: \d+ MB needed, 6\d MB free in /);
    assert.ok(r.stderr.includes(cache), `names the folder: ${r.stderr}`);
    assert.match(r.stderr, /COORD_VSCODE_CACHE/);
    assert.equal(r.stdout, '', 'no file fetched or written in the cache, and nothing printed');
    assert.deepEqual(readdirSync(cache), [], 'the small file system ended with its namespace');
  });
});
