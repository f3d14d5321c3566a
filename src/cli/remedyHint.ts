import type { Remedy } from '../core/store/remedy';

/**
 * The CLI's wording of a remedy, for a person at a terminal: the flag, the command. Used when the error has no
 * hint of its own (a core hint names more, such as the exact `coord send` to the holder). The switch has no
 * default, so a remedy added to the core does not compile until the CLI can say it.
 */
export function remedyHint(remedy: Remedy, command?: string): string {
  switch (remedy.action) {
    case 'fix-input':
      return `see \`coord ${command ?? '<command>'} --help\` for its arguments and options`;
    case 'pass-option':
      return `pass --${remedy.option} to go ahead`;
    case 'register-session':
      return 'run `coord start` and export the COORD_SESSION it prints, or pass --session ID';
    case 'ask-holder':
      return `message them with \`coord send ${remedy.holder} <subject> <body>\`, or pick other work`;
    case 'choose-existing':
      return chooseExisting[remedy.kind];
    case 'retry-later':
      return 'try again later';
    case 'init-tree':
      return 'run `coord init` in the repository, or pass --root DIR';
    case 'repair-tree':
      return 'run `coord doctor` to list the broken files, then fix or remove them';
    case 'check-file-system':
      return `check the permissions and free space${remedy.path ? ` of ${remedy.path}` : ''}`;
    case 'edit-file':
      return `edit ${remedy.path} by hand`;
    case 'change-environment':
      return environment[remedy.need];
    case 'nothing-to-do':
      return 'nothing to do: it is already so';
    case 'report-bug':
      return 'run again with --debug and report what it prints';
  }
}

const chooseExisting: Record<Extract<Remedy, { action: 'choose-existing' }>['kind'], string> = {
  session: 'list sessions with `coord status`',
  'work-item': 'list items with `coord work list`',
  message: 'list your messages with `coord inbox`',
  claim: 'list claims with `coord claims`',
  folder: 'pass --root DIR with the repository folder',
};

const environment: Record<Extract<Remedy, { action: 'change-environment' }>['need'], string> = {
  'git-repository': 'run `git init` first',
  'sync-enabled': 'unset COORD_SYNC (it is off) to sync with git',
  'workspace-trust': 'trust the workspace (Manage Workspace Trust in VS Code)',
};
