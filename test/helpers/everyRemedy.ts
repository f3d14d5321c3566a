import type { Remedy } from '../../src/core/store/remedy';

/**
 * Every member of the closed Remedy union, each variant of its parameters once, for the tests of each front end's
 * wording. `satisfies` below makes a member added to the union without an entry here fail to compile.
 */
export const everyRemedy: Remedy[] = [
  { action: 'fix-input' },
  { action: 'pass-option', option: 'force' },
  { action: 'pass-option', option: 'wait' },
  { action: 'pass-option', option: 'shared' },
  { action: 'register-session' },
  { action: 'ask-holder', holder: 'alpha-123abc' },
  { action: 'ask-holder', holder: 'alpha-123abc', overlapping: 'exclusive' },
  { action: 'ask-holder', holder: 'alpha-123abc', overlapping: 'shared' },
  { action: 'take-claim', type: 'issue', name: '42' },
  { action: 'finish-dependencies', waitingOn: ['design-1a2b', 'api-3c4d'] },
  ...(['session', 'recipient', 'work-item', 'message', 'claim', 'folder'] as const).map((kind): Remedy => ({
    action: 'choose-existing',
    kind,
  })),
  { action: 'retry-later' },
  { action: 'init-tree' },
  { action: 'init-tree', missingFile: '/r/docs/coordination/protocol.json' },
  { action: 'repair-tree' },
  { action: 'repair-tree', path: '/r/docs/coordination/sessions/a.json' },
  { action: 'repair-tree', path: '/r/docs/coordination/protocol.json', recreatedByInit: true },
  { action: 'check-file-system' },
  { action: 'check-file-system', path: '/tmp/x' },
  { action: 'edit-file', path: '.git/hooks/pre-commit' },
  { action: 'configure-sync', setting: 'remote' },
  { action: 'configure-sync', setting: 'branch' },
  ...(['git-repository', 'sync-enabled', 'workspace-trust'] as const).map((need): Remedy => ({
    action: 'change-environment',
    need,
  })),
  { action: 'nothing-to-do' },
  { action: 'report-bug' },
];

/** Each action once at least: a key missing here fails to compile when the union gains a member. */
const coveredActions = {
  'fix-input': true,
  'pass-option': true,
  'register-session': true,
  'ask-holder': true,
  'take-claim': true,
  'finish-dependencies': true,
  'choose-existing': true,
  'retry-later': true,
  'init-tree': true,
  'repair-tree': true,
  'check-file-system': true,
  'edit-file': true,
  'configure-sync': true,
  'change-environment': true,
  'nothing-to-do': true,
  'report-bug': true,
} satisfies Record<Remedy['action'], true>;

export const everyAction = Object.keys(coveredActions) as Remedy['action'][];
