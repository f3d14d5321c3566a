import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { CoordError } from '../../../src/core/store/errors';
import { newMessageId } from '../../../src/core/store/ids';
import { TreeLayout } from '../../../src/core/store/layout';

function isUsage(error: unknown): boolean {
  return error instanceof CoordError && error.code === 'usage';
}

describe('layout', () => {
  const root = join('/', 'repo');
  const layout = new TreeLayout(root);
  const dir = join(root, 'docs', 'coordination');

  it('puts the tree at docs/coordination', () => {
    assert.equal(layout.dir, dir);
    assert.equal(layout.protocolFile, join(dir, 'protocol.json'));
    assert.equal(layout.sessionsDir, join(dir, 'sessions'));
    assert.equal(layout.claimsDir, join(dir, 'claims'));
    assert.equal(layout.messagesDir, join(dir, 'messages'));
    assert.equal(layout.workDir, join(dir, 'work'));
    assert.equal(layout.localDir, join(dir, '.local'));
    assert.equal(layout.statusFile, join(dir, 'STATUS.md'));
    assert.equal(layout.servicesFile, join(dir, 'services.json'));
  });

  it('builds record paths from names', () => {
    const id = newMessageId(Date.now());
    assert.equal(layout.sessionFile('builder-abc123'), join(dir, 'sessions', 'builder-abc123.json'));
    assert.equal(layout.claimFile('issue', '42'), join(dir, 'claims', 'issue', '42.json'));
    assert.equal(layout.messageFile('broadcast', id), join(dir, 'messages', 'broadcast', `${id}.json`));
    assert.equal(layout.workFile('fix-login-ab12'), join(dir, 'work', 'fix-login-ab12.json'));
    assert.equal(layout.readMarkersDir('s1'), join(dir, '.local', 'read', 's1'));
  });

  it('refuses names that would leave the tree', () => {
    for (const bad of ['..', '../x', 'a/b', '/etc/passwd', '', '.git', '-x']) {
      assert.throws(() => layout.sessionFile(bad), isUsage, `session ${bad}`);
      assert.throws(() => layout.claimFile(bad, 'n'), isUsage, `type ${bad}`);
      assert.throws(() => layout.claimFile('t', bad), isUsage, `name ${bad}`);
      assert.throws(() => layout.inboxDir(bad), isUsage, `inbox ${bad}`);
      assert.throws(() => layout.workFile(bad), isUsage, `work ${bad}`);
      assert.throws(() => layout.readMarkersDir(bad), isUsage, `read ${bad}`);
    }
  });

  it('accepts only real message ids for message files', () => {
    assert.throws(
      () => layout.messageFile('s1', 'hello'),
      (e: unknown) => isUsage(e) && /is not a message id/.test((e as Error).message),
    );
    assert.throws(() => layout.messageFile('s1', '../../../../etc/passwd'), isUsage);
    assert.throws(() => layout.messageFile('../x', newMessageId(0)), isUsage);
  });

  it('keeps every built path inside the tree', () => {
    const paths = [
      layout.sessionFile('a.b'),
      layout.claimFile('x_y', 'z-1'),
      layout.workFile('w'),
      layout.messageFile('s', newMessageId(1)),
    ];
    for (const path of paths) assert.ok(!relative(dir, path).startsWith('..'), path);
  });
});
