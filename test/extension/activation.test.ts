import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exportsOf } from './extensionHarness';

const EXTENSION_ID = 'session-coordination.session-coordination';

describe('activation', () => {
  it('opens a workspace folder on the local file system', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folders.length >= 1, 'no workspace folder is open');
    assert.equal(folders[0]!.uri.scheme, 'file');
  });

  it('runs in the workspace trust mode the runner asked for', () => {
    // The runners set COORD_TEST_UNTRUSTED; '1' means the workspace opened in Restricted Mode.
    const untrusted = process.env.COORD_TEST_UNTRUSTED === '1';
    assert.equal(vscode.workspace.isTrusted, !untrusted);
  });

  it('finds the extension and activates it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('returns a small public API, with the test hooks beside it only because VS Code runs tests', async () => {
    const exported = await exportsOf();
    assert.deepEqual(Object.keys(exported).sort(), ['apiVersion', 'onDidChange', 'roots', 'testHooks']);
    assert.equal(exported.apiVersion, 1);
    assert.ok(exported.testHooks?.views.claims, 'the hooks carry the views');
    // A root as other extensions see it: what it is and its snapshot, not the extension's own object.
    const root = exported.roots()[0];
    assert.ok(root, 'the workspace folder is a root');
    assert.deepEqual(Object.keys(root).sort(), ['isLoaded', 'rootPath', 'sessionId', 'snapshot']);
  });
});
