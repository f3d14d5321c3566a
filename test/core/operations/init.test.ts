import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTree } from '../../../src/core/operations/init';
import { TreeLayout } from '../../../src/core/store/layout';
import { loadProtocolConfig, defaultProtocolConfig } from '../../../src/core/records/protocolConfig';
import { makeTempDir } from '../../helpers/tempTree';

describe('init', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('creates every folder and file of the tree', () => {
    const layout = new TreeLayout(dir);
    const result = initTree(dir);
    assert.equal(result.dir, layout.dir);
    for (const folder of [
      layout.sessionsDir,
      layout.claimsDir,
      layout.messagesDir,
      layout.workDir,
      layout.milestonesDir,
      layout.reportsDir,
      layout.localDir,
    ]) {
      assert.ok(statSync(folder).isDirectory(), folder);
      assert.ok(result.created.includes(folder), folder);
    }
    assert.deepEqual(loadProtocolConfig(layout), defaultProtocolConfig);
    assert.match(readFileSync(layout.readmeFile, 'utf8'), /^# Coordination tree \(protocol v1\)/);
    assert.equal(readFileSync(join(layout.dir, '.gitignore'), 'utf8'), '.local/\n');
  });

  it('is idempotent and never overwrites what exists', () => {
    const layout = new TreeLayout(dir);
    initTree(dir);
    writeFileSync(layout.readmeFile, 'my notes');
    const custom = JSON.stringify({ object: 'protocol', version: 1, heartbeatIntervalSeconds: 7 });
    writeFileSync(layout.protocolFile, custom);
    const again = initTree(dir);
    assert.deepEqual(again.created, []);
    assert.equal(readFileSync(layout.readmeFile, 'utf8'), 'my notes');
    assert.equal(readFileSync(layout.protocolFile, 'utf8'), custom);
  });

  it('recreates only the pieces that are missing', () => {
    const layout = new TreeLayout(dir);
    initTree(dir);
    rmSync(layout.sessionsDir, { recursive: true });
    rmSync(join(layout.dir, '.gitignore'));
    const repaired = initTree(dir);
    assert.deepEqual(repaired.created.sort(), [layout.sessionsDir, join(layout.dir, '.gitignore')].sort());
  });
});
