import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { takeClaim, releaseClaim } from '../../src/core/claims/claims';
import { openContext } from '../../src/core/records/context';
import { cliPath, coordSync } from '../helpers/runCoord';
import { makeTempDir } from '../helpers/tempTree';

/**
 * A release made while a sync loop runs (the editor releases through the core, without touching refs) must stay
 * released: no sync round may bring the claim file back from what it read before the release.
 */
describe('sync loop racing releases', function () {
  this.timeout(120_000);
  let dir: { dir: string; cleanup(): void };
  let watcher: ChildProcess | undefined;

  beforeEach(() => {
    dir = makeTempDir('coord-release-race-');
    spawnSync('git', ['init', '-q', dir.dir]);
    spawnSync('git', [
      '-C',
      dir.dir,
      '-c',
      'user.email=t@t',
      '-c',
      'user.name=t',
      'commit',
      '-q',
      '--allow-empty',
      '-m',
      'init',
    ]);
    assert.equal(coordSync(['init'], { cwd: dir.dir }).code, 0);
  });

  afterEach(() => {
    watcher?.kill('SIGTERM');
    dir.cleanup();
  });

  it('claims taken and released during sync rounds stay released', async () => {
    const session = coordSync(['start', '--name', 'editor', '--json'], { cwd: dir.dir }).json.session.id as string;
    watcher = spawn(process.execPath, [cliPath, 'watch', '--interval', '1s', '--no-health'], {
      cwd: dir.dir,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let log = '';
    watcher.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
    const ctx = openContext(dir.dir);
    const claims = join(ctx.layout.claimsDir, 'race');
    for (let i = 0; i < 15; i++) {
      takeClaim(ctx, session, 'race', `r${i}`);
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 900));
      releaseClaim(ctx, session, 'race', `r${i}`);
      await new Promise((r) => setTimeout(r, Math.random() * 200));
    }
    // Two more rounds after the last release, then nothing may have come back.
    await new Promise((r) => setTimeout(r, 2500));
    const left = existsSync(claims) ? readdirSync(claims).filter((f) => f.endsWith('.json')) : [];
    assert.deepEqual(left, []);
    // The race was real: rounds ran and published claims while they came and went.
    assert.ok((log.match(/sync: synced/g) ?? []).length >= 3, `too few sync rounds ran:\n${log}`);
  });
});
