import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { takeClaim } from '../../src/core/claims/claims';
import { startSession } from '../../src/core/sessions/sessions';
import { parseDuration } from '../../src/core/store/duration';
import { remedyCommand, remedyPaletteCommands, windowRemedy } from '../../src/extension/remedyCommand';
import { everyAction, everyRemedy } from '../helpers/everyRemedy';
import { makeTempTree } from '../helpers/tempTree';

/** vscode-free: runs under plain mocha as well as in the extension host. */
describe("remedyCommand: the window's wording of a remedy", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string; title: string; category?: string }[] };
  };
  const paletteTitle = new Map(
    manifest.contributes.commands.map((c) => [c.command, c.category ? `${c.category}: ${c.title}` : c.title]),
  );

  it('is tested with every action of the union', () => {
    assert.deepEqual([...new Set(everyRemedy.map((r) => r.action))].sort(), [...everyAction].sort());
  });

  it('words every remedy as palette commands and settings, never a CLI flag or a coord command', () => {
    for (const remedy of everyRemedy) {
      const { text } = remedyCommand(remedy);
      assert.ok(text.length > 10, JSON.stringify(remedy));
      assert.doesNotMatch(text, /(^|[\s`(])--[a-z]|\bcoord [a-z]|`|COORD_/, JSON.stringify(remedy));
    }
  });

  it('names each of our commands by its id and its title in the palette, as package.json declares them', () => {
    for (const { id, title } of remedyPaletteCommands) assert.equal(paletteTitle.get(id), title, id);
    for (const remedy of everyRemedy) {
      const { text, button } = remedyCommand(remedy);
      if (!button?.id.startsWith('coordination.')) continue;
      assert.equal(paletteTitle.get(button.id), button.title, JSON.stringify(remedy));
      assert.ok(text.includes(`'${button.title}'`), `${JSON.stringify(remedy)}: the text names its button's command`);
    }
  });

  it('offers the command that does it', () => {
    assert.equal(remedyCommand({ action: 'register-session' }).button?.id, 'coordination.registerSession');
    assert.equal(remedyCommand({ action: 'init-tree' }).button?.id, 'coordination.initialize');
    assert.equal(
      remedyCommand({ action: 'pass-option', option: 'force' }).button?.id,
      'coordination.forceReleaseClaim',
    );
    const ask = remedyCommand({ action: 'ask-holder', holder: 'al-1' });
    assert.equal(ask.text, "message al-1 with 'Coordination: Send Message…', or pick other work");
    assert.equal(ask.button?.id, 'coordination.sendMessage');
    assert.deepEqual(remedyCommand({ action: 'configure-sync', setting: 'remote' }).button?.args, [
      'coordination.sync.remote',
    ]);
  });

  it('windowRemedy: a real core refusal in palette words, a plain-English core hint as it is', () => {
    const tree = makeTempTree();
    try {
      const alice = startSession(tree.ctx, { name: 'alice' }).id;
      const bob = startSession(tree.ctx, { name: 'bob' }).id;
      takeClaim(tree.ctx, alice, 'path', 'src/**');
      let refusal: unknown;
      try {
        takeClaim(tree.ctx, bob, 'path', 'src/a.ts');
      } catch (error) {
        refusal = error;
      }
      const worded = windowRemedy(refusal);
      assert.equal(
        worded.text,
        `message ${alice} with 'Coordination: Send Message…', or claim files that do not overlap`,
      );
      assert.equal(worded.button?.id, 'coordination.sendMessage');
      let badDuration: unknown;
      try {
        parseDuration('soon', 'lease');
      } catch (error) {
        badDuration = error;
      }
      assert.equal(windowRemedy(badDuration).text, 'write it like 90s, 30m, 2h or 1h30m');
      assert.match(windowRemedy(new Error('boom')).text, /^run 'Coordination: Show Log' and report/);
    } finally {
      tree.cleanup();
    }
  });
});
