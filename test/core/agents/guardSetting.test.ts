import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { GitRunner } from '../../../src/core/sync/gitRunner';
import { readGuardSetting } from '../../../src/core/agents/guardSetting';
import { makeTempDir } from '../../helpers/tempTree';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

describe('guardSetting', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    git(dir, 'init', '-q');
  });
  afterEach(() => cleanup());

  it('refuses by default, reads git config coord.guard, and COORD_GUARD overrides it', async () => {
    const runner = new GitRunner(dir);
    assert.deepEqual(await readGuardSetting(runner, undefined), { mode: 'refuse', source: 'git config coord.guard' });
    git(dir, 'config', 'coord.guard', 'Warn');
    assert.deepEqual(await readGuardSetting(runner, undefined), { mode: 'warn', source: 'git config coord.guard' });
    assert.deepEqual(await readGuardSetting(runner, 'off'), { mode: 'off', source: 'COORD_GUARD' });
    assert.deepEqual(await readGuardSetting(runner, ''), { mode: 'warn', source: 'git config coord.guard' });
  });

  it('an unknown value refuses and is kept to say so', async () => {
    assert.deepEqual(await readGuardSetting(new GitRunner(dir), 'of'), {
      mode: 'refuse',
      source: 'COORD_GUARD',
      invalid: 'of',
    });
  });
});
