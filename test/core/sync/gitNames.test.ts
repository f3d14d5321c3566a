import * as assert from 'node:assert/strict';
import {
  assertBranchName,
  assertRemoteName,
  claimKeyOfRef,
  claimRefName,
  claimRefProblem,
  refNameProblem,
} from '../../../src/core/sync/gitNames';

describe('gitNames', () => {
  it('builds claim refs from slugs', () => {
    assert.equal(claimRefName('issue', '42'), 'refs/coordination/claims/issue/42');
    assert.deepEqual(claimKeyOfRef('refs/coordination/claims/issue/42'), { type: 'issue', name: '42' });
    assert.equal(claimKeyOfRef('refs/coordination/claims/issue/42/x'), undefined);
    assert.equal(claimKeyOfRef('refs/heads/main'), undefined);
  });

  it('refuses slugs git cannot hold as a ref component', () => {
    assert.match(claimRefProblem('issue', 'x.lock') ?? '', /\.lock/);
    assert.match(claimRefProblem('issue', 'x.') ?? '', /end with/);
    assert.throws(() => claimRefName('issue', 'x.lock'), /cannot be a git ref/);
  });

  it('never lets a name become an option or leave its namespace', () => {
    for (const bad of [
      '-x',
      '--upload-pack=evil',
      'a..b',
      '.hidden',
      'a/.b',
      'a b',
      'a~1',
      'a^',
      'a:b',
      'a\\b',
      '',
      'x/',
      '/x',
      'a//b',
      'a@{1}',
    ]) {
      assert.ok(refNameProblem(bad), `${JSON.stringify(bad)} should be refused`);
    }
    assert.throws(() => assertRemoteName('--upload-pack=x'), /remote name/);
    assert.throws(() => assertRemoteName('a/b'), /remote name/);
    assert.throws(() => assertBranchName('-f'), /branch name/);
    assert.equal(assertBranchName('team/coordination'), 'team/coordination');
    assert.equal(assertRemoteName('upstream'), 'upstream');
  });
});
