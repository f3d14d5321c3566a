import assert from 'node:assert/strict';
import { remedyNext } from '../../src/agentTools/remedyNext';
import type { Remedy } from '../../src/core/store/remedy';

/** Every member of the closed Remedy union, each variant of its parameters once. */
const everyRemedy: Remedy[] = [
  { action: 'fix-input' },
  { action: 'pass-option', option: 'force' },
  { action: 'pass-option', option: 'wait' },
  { action: 'pass-option', option: 'shared' },
  { action: 'register-session' },
  { action: 'ask-holder', holder: 'alpha-123abc' },
  ...(['session', 'work-item', 'message', 'claim', 'folder'] as const)
    .map((kind): Remedy => ({ action: 'choose-existing', kind })),
  { action: 'retry-later' },
  { action: 'init-tree' },
  { action: 'repair-tree' },
  { action: 'check-file-system' },
  { action: 'check-file-system', path: '/tmp/x' },
  { action: 'edit-file', path: '.git/hooks/pre-commit' },
  ...(['git-repository', 'sync-enabled', 'workspace-trust'] as const)
    .map((need): Remedy => ({ action: 'change-environment', need })),
  { action: 'nothing-to-do' },
  { action: 'report-bug' },
];

describe('remedyNext: the tools\' wording of a remedy', () => {
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
  });
});
