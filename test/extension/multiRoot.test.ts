import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, labels, waitFor } from './extensionHarness';

// Runs only in the multi-root pass (npm run test:extension:multi-root), where two folders each hold a tree.
describe('multi-root workspace', function () {
  before(function () {
    if ((vscode.workspace.workspaceFolders ?? []).length < 2) this.skip();
  });

  it('each folder with a tree is its own root, and the views group by folder', async () => {
    const coordination = await api();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.name);
    const roots = coordination.roots().map((r) => r.rootPath);
    assert.deepEqual(
      roots,
      (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    );
    await waitFor('folder nodes in the Sessions view', async () => {
      const top = await labels(coordination.views.sessions);
      return top.length === 2 && folders.every((f) => top.includes(f));
    });
    assert.deepEqual((await labels(coordination.views.claims)).sort(), [...folders].sort());
  });
});
