import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { CoordError } from '../../../src/core/store/errors';
import type { Remedy } from '../../../src/core/store/remedy';
import { TreeLayout } from '../../../src/core/store/layout';
import {
  defaultProtocolConfig,
  loadProtocolConfig,
  protocolFileContent,
} from '../../../src/core/records/protocolConfig';
import { makeTempDir, makeTempTree, type TempTree } from '../../helpers/tempTree';

/** A bad-tree error with this message and this remedy (in no front end's words: each words it its own way). */
function badTreeWith(pattern: RegExp, remedy: Remedy) {
  return (e: unknown) => {
    if (!(e instanceof CoordError) || e.code !== 'bad-tree' || !pattern.test(e.message)) return false;
    assert.deepEqual(e.remedy, remedy);
    return true;
  };
}

describe('protocolConfig', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('writes the version and the default thresholds into protocol.json', () => {
    assert.deepEqual(protocolFileContent(), {
      object: 'protocol',
      version: 1,
      heartbeatIntervalSeconds: 60,
      goneAfterSeconds: 900,
      defaultTtlSeconds: 7200,
    });
  });

  it('reads the thresholds of a fresh tree', () => {
    assert.deepEqual(loadProtocolConfig(tree.ctx.layout), defaultProtocolConfig);
  });

  it('reads custom thresholds and fills in the missing ones', () => {
    writeFileSync(
      tree.ctx.layout.protocolFile,
      JSON.stringify({ object: 'protocol', version: 1, heartbeatIntervalSeconds: 5, defaultTtlSeconds: 30 }),
    );
    assert.deepEqual(loadProtocolConfig(tree.ctx.layout), {
      heartbeatIntervalSeconds: 5,
      goneAfterSeconds: 900,
      defaultTtlSeconds: 30,
    });
  });

  it('refuses a folder without a tree, its remedy: set the tree up', () => {
    const { dir, cleanup } = makeTempDir();
    try {
      assert.throws(
        () => loadProtocolConfig(new TreeLayout(dir)),
        badTreeWith(/^no coordination tree at /, { action: 'init-tree' }),
      );
    } finally {
      cleanup();
    }
  });

  it('refuses a tree whose protocol.json is missing, naming the file', () => {
    rmSync(tree.ctx.layout.protocolFile);
    const missingFile = tree.ctx.layout.protocolFile;
    assert.throws(
      () => loadProtocolConfig(tree.ctx.layout),
      badTreeWith(/protocol\.json is missing$/, { action: 'init-tree', missingFile }),
    );
  });

  it('refuses an unreadable or foreign protocol.json with its reason', () => {
    const remedy: Remedy = { action: 'repair-tree', path: tree.ctx.layout.protocolFile, recreatedByInit: true };
    writeFileSync(tree.ctx.layout.protocolFile, '{ nope');
    assert.throws(() => loadProtocolConfig(tree.ctx.layout), badTreeWith(/protocol\.json is not valid JSON/, remedy));
    writeFileSync(tree.ctx.layout.protocolFile, JSON.stringify({ object: 'protocol', version: 2 }));
    assert.throws(() => loadProtocolConfig(tree.ctx.layout), badTreeWith(/protocol version 2/, remedy));
    writeFileSync(
      tree.ctx.layout.protocolFile,
      JSON.stringify({ object: 'protocol', version: 1, heartbeatIntervalSeconds: 0 }),
    );
    assert.throws(
      () => loadProtocolConfig(tree.ctx.layout),
      badTreeWith(/heartbeatIntervalSeconds is too small/, remedy),
    );
  });
});
