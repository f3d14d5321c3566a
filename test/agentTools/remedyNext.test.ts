import assert from 'node:assert/strict';
import { remedyNext } from '../../src/agentTools/remedyNext';
import { everyAction, everyRemedy } from '../helpers/everyRemedy';

describe("remedyNext: the tools' wording of a remedy", () => {
  it('is tested with every action of the union', () => {
    assert.deepEqual([...new Set(everyRemedy.map((r) => r.action))].sort(), [...everyAction].sort());
  });

  it('words every remedy for an agent with tools: tool names and fields, never a CLI flag or command', () => {
    for (const remedy of everyRemedy) {
      const next = remedyNext(remedy, 'claim');
      assert.ok(next.length > 15, JSON.stringify(remedy));
      assert.doesNotMatch(next, /(^|[\s`(])--[a-z]|\bcoord [a-z]|COORD_SESSION/, JSON.stringify(remedy));
    }
  });

  it('names the tool and the field to use where there is one', () => {
    assert.equal(
      remedyNext({ action: 'ask-holder', holder: 'alpha-1' }, 'claim'),
      'pick other work, or ask alpha-1 about it: send tool with to: "alpha-1"',
    );
    assert.match(remedyNext({ action: 'pass-option', option: 'force' }, 'release'), /call release again with force: /);
    assert.match(remedyNext({ action: 'pass-option', option: 'shared' }, 'claim'), /call claim again with shared: /);
    assert.match(remedyNext({ action: 'register-session' }, 'inbox'), /register tool/);
    assert.match(remedyNext({ action: 'fix-input' }, 'heartbeat'), /call heartbeat again/);
    assert.match(remedyNext({ action: 'choose-existing', kind: 'message' }, 'read'), /inbox tool/);
    assert.match(
      remedyNext({ action: 'take-claim', type: 'issue', name: '8' }, 'renew'),
      /call claim with type: "issue"/,
    );
    assert.match(
      remedyNext({ action: 'ask-holder', holder: 'alpha-1', overlapping: 'shared' }, 'claim'),
      /claim files that do not overlap \(or call claim again with shared: true\)/,
    );
    assert.match(remedyNext({ action: 'choose-existing', kind: 'recipient' }, 'send'), /"broadcast"/);
  });
});
