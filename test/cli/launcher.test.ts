import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

describe('launcher (dist/cli.js)', () => {
  let cache: { dir: string; cleanup(): void };
  beforeEach(() => (cache = makeTempDir('coord-cache-')));
  afterEach(() => cache.cleanup());

  const run = () =>
    spawnSync(process.execPath, [cliPath, '--help'], {
      env: { ...process.env, XDG_CACHE_HOME: cache.dir },
      encoding: 'utf8',
    });
  const cacheFiles = () => readdirSync(join(cache.dir, 'session-coordination', 'v8'));

  it('writes a code cache on the first run and gives the same output with it', () => {
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(cacheFiles().length, 1);
    assert.match(cacheFiles()[0]!, /^coord-.+\.bin$/);
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
  });

  it('a corrupted cache is rejected and rewritten, never fatal', () => {
    run();
    const file = join(cache.dir, 'session-coordination', 'v8', cacheFiles()[0]!);
    writeFileSync(file, 'not a code cache');
    const again = run();
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /Usage: coord <command>/);
    assert.notEqual(readdirSync(join(cache.dir, 'session-coordination', 'v8')).length, 0);
  });

  it('runs without a writable cache folder', () => {
    writeFileSync(join(cache.dir, 'session-coordination'), 'a file where the folder would go');
    const r = run();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: coord <command>/);
  });
});
