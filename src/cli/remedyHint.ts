import { CoordError, remedyOf } from '../core/store/errors';
import type { ExistingKind, Remedy, RemedyOption } from '../core/store/remedy';

/**
 * The CLI's hint for any error, shown under its message and as `hint` in `--json`: the error's own hint when it
 * has one (the CLI's own errors word theirs; the core's are in no front end's words), else the remedy worded here.
 */
export function cliHint(error: unknown, command?: string): string {
  const own = error instanceof CoordError ? error.hint : undefined;
  return own ?? remedyHint(remedyOf(error), command);
}

/**
 * The CLI's wording of a remedy, for a person at a terminal: the flag, the command. The switch has no default, so
 * a remedy added to the core does not compile until the CLI can say it.
 */
export function remedyHint(remedy: Remedy, command?: string): string {
  switch (remedy.action) {
    case 'fix-input':
      return `see \`coord ${command ?? '<command>'} --help\` for its arguments and options`;
    case 'pass-option':
      return optionHint[remedy.option];
    case 'register-session':
      return 'run `coord start` and export the COORD_SESSION it prints, or pass --session ID';
    case 'ask-holder':
      return (
        `message them with \`coord send ${remedy.holder} <subject> <body>\`` +
        (remedy.overlapping === undefined ? ', or pick other work' : ', claim files that do not overlap') +
        (remedy.overlapping === 'shared' ? ', or claim with --shared' : '')
      );
    case 'take-claim':
      return `take it with \`coord claim ${remedy.type} ${remedy.name}\``;
    case 'finish-dependencies':
      return `finish ${remedy.waitingOn.join(', ')} first (\`coord work list\` shows them)`;
    case 'choose-existing':
      return chooseExisting[remedy.kind];
    case 'retry-later':
      return 'try again later';
    case 'init-tree':
      return remedy.missingFile === undefined
        ? 'run `coord init` in the repository, or pass --root DIR'
        : 'run `coord init` to recreate it (existing files are kept)';
    case 'repair-tree':
      if (remedy.path === undefined) return 'run `coord doctor` to list the broken files, then fix or remove them';
      return remedy.recreatedByInit
        ? `fix or delete ${remedy.path}, then run \`coord init\``
        : `fix or remove ${remedy.path} (\`coord doctor\` lists every broken file)`;
    case 'check-file-system':
      return `check the permissions and free space${remedy.path ? ` of ${remedy.path}` : ''}`;
    case 'edit-file':
      return `edit ${remedy.path} by hand`;
    case 'configure-sync':
      return syncSetting[remedy.setting];
    case 'change-environment':
      return environment[remedy.need];
    case 'nothing-to-do':
      return 'nothing to do: it is already so';
    case 'report-bug':
      return 'run again with --debug and report what it prints';
  }
}

const optionHint: Record<RemedyOption, string> = {
  force: 'ask the holder, or pass --force (the holder is told by message)',
  shared: 'pass --shared to go ahead',
  wait: 'pass --wait to go ahead',
};

const chooseExisting: Record<ExistingKind, string> = {
  session: 'list sessions with `coord status`',
  recipient: 'send to a live session (`coord status` lists them) or to broadcast',
  'work-item': 'list items with `coord work list`',
  message: 'list your messages with `coord inbox`',
  claim: 'list claims with `coord claims`',
  folder: 'pass --root DIR with the repository folder that holds (or will hold) docs/coordination',
};

const syncSetting: Record<Extract<Remedy, { action: 'configure-sync' }>['setting'], string> = {
  remote:
    'name one of its remotes (git remote -v) with --remote, COORD_SYNC_REMOTE or coordination.sync.remote ' +
    '(or add the remote with git remote add)',
  branch: 'set --branch, COORD_SYNC_BRANCH or coordination.sync.branch to a plain name such as "coordination"',
};

const environment: Record<Extract<Remedy, { action: 'change-environment' }>['need'], string> = {
  'git-repository': 'run `git init` first',
  'sync-enabled': 'unset COORD_SYNC (it is off) to sync with git',
  'workspace-trust': 'trust the workspace (Manage Workspace Trust in VS Code)',
};
