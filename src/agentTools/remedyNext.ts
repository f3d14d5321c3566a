import type { ExistingKind, Remedy, RemedyOption } from '../core/store/remedy';

/**
 * The agent tools' wording of a remedy: what the agent should do now, naming tools and their fields, never a CLI
 * flag or command an agent cannot run from here (the CLI's wording is src/cli/remedyHint.ts). `tool` is the tool
 * that failed. The switch has no default, so a remedy added to the core does not compile until the tools can say it.
 */
export function remedyNext(remedy: Remedy, tool: string): string {
  switch (remedy.action) {
    case 'fix-input':
      return `correct the call: call ${tool} again with the fields its input schema describes`;
    case 'pass-option':
      return optionNext[remedy.option](tool);
    case 'register-session':
      return 'call the register tool to get a session (or pass `session`: the id of a live session of yours)';
    case 'ask-holder':
      if (remedy.overlapping === undefined) {
        return `pick other work, or ask ${remedy.holder} about it: send tool with to: "${remedy.holder}"`;
      }
      return (
        'claim files that do not overlap' +
        (remedy.overlapping === 'shared' ? ` (or call ${tool} again with shared: true)` : '') +
        `, or ask ${remedy.holder} about it: send tool with to: "${remedy.holder}"`
      );
    case 'take-claim':
      return `nobody holds it: call claim with type: "${remedy.type}" and name: "${remedy.name}" to take it`;
    case 'finish-dependencies':
      return `it waits on ${remedy.waitingOn.join(', ')}: finish those first (or go on with other work)`;
    case 'choose-existing':
      return chooseExisting[remedy.kind];
    case 'retry-later':
      return `go on with other work and call ${tool} again later`;
    case 'init-tree':
      return remedy.missingFile === undefined
        ? 'coordination is not set up in this repository (no tree): tell your user; no tool works here until then'
        : `${remedy.missingFile} of the coordination tree is missing: tell your user to set the tree up again ` +
            '(its other files are kept)';
    case 'repair-tree':
      return (
        `${remedy.path ?? 'files of the coordination tree'} ${remedy.path ? 'is' : 'are'} broken ` +
        "(the error says how): tell your user; do not edit the tree's files yourself"
      );
    case 'check-file-system':
      return (
        `the file system refused${remedy.path ? ` (${remedy.path})` : ''}: ` +
        'tell your user to check permissions and free space'
      );
    case 'edit-file':
      return `${remedy.path} must be changed by hand first: tell your user`;
    case 'configure-sync':
      return `the sync setting of the git ${remedy.setting} names none that works: tell your user`;
    case 'change-environment':
      return environment[remedy.need];
    case 'nothing-to-do':
      return 'nothing to do: it is already so; go on with your work';
    case 'report-bug':
      return 'an unexpected failure: tell your user (it is a bug to report, with this error)';
  }
}

const optionNext: Record<RemedyOption, (tool: string) => string> = {
  force: (tool) =>
    `ask the holder first (send tool); only if the claim is stuck, call ${tool} again with force: true ` +
    '(the holder is told by message)',
  shared: (tool) =>
    `call ${tool} again with shared: true if others may edit these files beside you, ` +
    'or claim files that do not overlap',
  wait: (tool) => `call ${tool} again in a moment`,
};

const chooseExisting: Record<ExistingKind, string> = {
  session: 'call the status tool to see the live sessions',
  recipient: 'call the status tool to see the live sessions, or send to "broadcast"',
  'work-item': 'call claim_next_work to take a ready item (the status tool counts the queue)',
  message: 'call the inbox tool to list your messages and their ids',
  claim: 'call the status tool to list the claims (claims_covering tells who has a file)',
  folder: "the coordination tree is the MCP server's folder (COORD_ROOT or its working folder): tell your user",
};

const environment: Record<Extract<Remedy, { action: 'change-environment' }>['need'], string> = {
  'git-repository': 'this folder is not a git repository: tell your user',
  'sync-enabled': 'sync with git is turned off here (COORD_SYNC): tell your user',
  'workspace-trust': 'this workspace is not trusted, so agent tools may not change the tree: ask your user to trust it',
};
