import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, coord, ensureSession, waitFor, workspaceRoot } from './extensionHarness';

/** Path claims in the editor: explorer decorations, the warn-once on editing another's file, Claim Files. */
describe('path claims in the editor', () => {
  let self: string;
  let agent: string;
  const file = (rel: string) => vscode.Uri.file(join(workspaceRoot(), rel));

  before(async () => {
    self = await ensureSession();
    agent = coord(['start', '--name', 'path agent', '--kind', 'agent']).json.session.id as string;
    mkdirSync(join(workspaceRoot(), 'pc', 'core'), { recursive: true });
    mkdirSync(join(workspaceRoot(), 'pc', 'free'), { recursive: true });
    for (const rel of ['pc/core/a.ts', 'pc/core/b.ts', 'pc/free/c.ts', 'pc/mine.md'])
      writeFileSync(join(workspaceRoot(), rel), `// ${rel}\n`);
  });

  after(() => {
    coord(['stop'], agent);
  });

  it('decorates the files and folder another session claimed, naming the holder; others stay plain', async () => {
    const claimed = coord(['claim', 'path', 'pc/core/**', '--reason', 'refactor'], agent);
    assert.equal(claimed.code, 0, claimed.stderr);
    const coordination = await api();
    const decoration = await waitFor('the decoration of pc/core/a.ts', () =>
      coordination.pathClaimDecoration(file('pc/core/a.ts')),
    );
    assert.equal(decoration.badge, 'C');
    assert.match(
      decoration.tooltip ?? '',
      /^Claimed by path agent \(agent, path-agent-\w+\) until \S+( [AP]M)? \(\d+h( \d+m)? left\) — path pc\/core\/\*\*$/,
    );
    assert.ok(decoration.color, "another session's claim is coloured");
    assert.ok(coordination.pathClaimDecoration(file('pc/core')), 'the folder itself is covered');
    assert.equal(coordination.pathClaimDecoration(file('pc/free/c.ts')), undefined);
    assert.equal(coordination.pathClaimDecoration(file('pc/mine.md')), undefined);
  });

  it('warns once when this window starts editing a file another session claimed', async () => {
    const coordination = await api();
    const warnings: string[] = [];
    const messages: string[] = [];
    const listening = coordination.onDidWarnClaimedFile((w) => {
      warnings.push(`${w.file} ${w.holder} ${w.glob}`);
      messages.push(w.message);
    });
    try {
      const doc = await vscode.workspace.openTextDocument(file('pc/core/a.ts'));
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// one\n'));
      await waitFor('the warning', () => warnings.length === 1);
      assert.deepEqual(warnings, [`pc/core/a.ts ${agent} pc/core/**`]);
      // What the person reads: the file, the holder by name, the lease's end, the glob and the reason.
      assert.match(
        messages[0] ?? '',
        /^pc\/core\/a\.ts is claimed by path agent \(agent, path-agent-\w+\) until .+ left\) \(path pc\/core\/\*\*: refactor\)\. /,
      );
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// two\n'));
      // Editing a file nobody claimed does not warn; it also gives the second edit time to have warned.
      const free = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('pc/free/c.ts')));
      await free.edit((e) => e.insert(new vscode.Position(0, 0), '// free\n'));
      const other = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('pc/core/b.ts')));
      await other.edit((e) => e.insert(new vscode.Position(0, 0), '// b\n'));
      await waitFor('the warning for b.ts', () => warnings.length === 2);
      assert.deepEqual(
        warnings,
        [`pc/core/a.ts ${agent} pc/core/**`, `pc/core/b.ts ${agent} pc/core/**`],
        'once per file, none for a free file',
      );
    } finally {
      listening.dispose();
      // Saved first, so closing asks nothing.
      await vscode.workspace.saveAll(false);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it("Claim Files claims a file from the explorer as a path claim; its decoration is this window's (uncoloured)", async () => {
    const claimed = await vscode.commands.executeCommand<string[]>('coordination.claimFiles', file('pc/mine.md'));
    assert.deepEqual(claimed, ['pc/mine.md']);
    const listed = coord(['claims', '--covering', 'pc/mine.md']).json.claims as { holder: string; glob: string }[];
    assert.deepEqual(
      listed.map((c) => [c.holder, c.glob]),
      [[self, 'pc/mine.md']],
    );
    const coordination = await api();
    const decoration = await waitFor("this window's decoration", () =>
      coordination.pathClaimDecoration(file('pc/mine.md')),
    );
    assert.match(decoration.tooltip ?? '', /^Claimed by you until/);
    assert.equal(decoration.badge, '✓', "told apart from another session's claim by the badge, not by colour alone");
    assert.equal(decoration.color, undefined);
  });

  it("Claim Files refuses an overlap with another session's claim, and the agent's overlapping claim is refused too", async () => {
    const refused = await vscode.commands.executeCommand('coordination.claimFiles', file('pc/core'));
    assert.equal(refused, undefined, 'refused (reported, not returned)');
    const onCore = coord(['claims', '--covering', 'pc/core/a.ts']).json.claims as { holder: string }[];
    assert.deepEqual(
      onCore.map((c) => c.holder),
      [agent],
      "nothing claimed for this window on the agent's files",
    );
    const agentTry = coord(['claim', 'path', 'pc/*.md'], agent);
    assert.equal(agentTry.code, 1);
    assert.equal(agentTry.json.error.details.holder, self);
  });

  it('the decoration goes when the claim is released', async () => {
    assert.equal(coord(['release', 'path', 'pc/core/**'], agent).code, 0);
    const coordination = await api();
    await waitFor('the decoration to go', () => coordination.pathClaimDecoration(file('pc/core/a.ts')) === undefined);
  });
});
