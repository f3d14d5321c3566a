import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { greetPresetSession, registerHookSession } from '../../../src/core/operations/agentHookSessionStart';
import { linkedSession } from '../../../src/core/agents/agentSessions';
import { findSession, startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('agent hook SessionStart', () => {
  let tree: TempTree;
  const agentSession = '01a24af8-5d2b-7642-93ae-251c8f88f1f0';
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  describe('registerHookSession', () => {
    it('registers a session named after the agent, links it, and tells the agent to pass --session', () => {
      const started = registerHookSession(tree.ctx, agentSession, { kind: 'codex', command: undefined });
      assert.equal(findSession(tree.ctx, started.session)?.name, 'codex 8f88f1f0');
      assert.deepEqual(linkedSession(tree.ctx, agentSession)?.registered, true);
      const who = new RegExp(`^\\[coord\\] You are coordination session ${started.session} \\(codex 8f88f1f0\\)`);
      assert.match(started.greeting, who);
      assert.match(started.greeting, new RegExp(`Pass --session ${started.session} to every coord command`));
      assert.doesNotMatch(started.greeting, /run it as/);
    });

    it("resumes the linked session; exports it to Claude Code's env file; names the command to run", () => {
      const first = registerHookSession(tree.ctx, agentSession, {
        kind: 'claude',
        name: 'mine',
        role: 'tests',
        command: undefined,
      });
      const envFile = join(tree.root, 'claude.env');
      const again = registerHookSession(tree.ctx, agentSession, {
        kind: 'claude',
        claudeEnvFile: envFile,
        command: '/usr/bin/node /opt/coord/cli.js',
      });
      assert.equal(again.session, first.session);
      assert.equal(findSession(tree.ctx, first.session)?.role, 'tests');
      assert.equal(readFileSync(envFile, 'utf8'), `export COORD_SESSION=${first.session}\n`);
      assert.match(again.greeting, /You are still coordination session .* \(mine\)/);
      assert.match(again.greeting, /Your shell commands act as it \(COORD_SESSION is set\)/);
      assert.match(again.greeting, /run it as: \/usr\/bin\/node \/opt\/coord\/cli\.js$/);
    });
  });

  describe('greetPresetSession', () => {
    it("greets the session COORD_SESSION gave, and with link ties the agent session to it as the person's", () => {
      const preset = startSession(tree.ctx, { name: 'person' }).id;
      const greeted = greetPresetSession(tree.ctx, preset, agentSession, true, undefined);
      assert.match(greeted?.greeting ?? '', /\(person\) in this repository \(given by COORD_SESSION\)/);
      const link = linkedSession(tree.ctx, agentSession);
      assert.deepEqual([link?.session, link?.registered], [preset, false]);
    });

    it('links nothing without link, and greets no session that is not in the tree', () => {
      const preset = startSession(tree.ctx, { name: 'person' }).id;
      assert.ok(greetPresetSession(tree.ctx, preset, agentSession, false, undefined));
      assert.equal(linkedSession(tree.ctx, agentSession), undefined);
      assert.equal(greetPresetSession(tree.ctx, 'nobody-here', agentSession, true, undefined), undefined);
      assert.equal(linkedSession(tree.ctx, agentSession), undefined);
    });
  });
});
