import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
});
