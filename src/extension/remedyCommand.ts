import { CoordError, remedyOf } from '../core/store/errors';
import type { ExistingKind, Remedy, RemedyOption } from '../core/store/remedy';

/** A command the notification offers as its button: its id, and its title as the palette shows it. */
export interface RemedyButton {
  id: string;
  title: string;
  args?: unknown[];
}

/** The window's wording of a remedy: what to do, naming palette commands, and the one command that does it. */
export interface RemedyWording {
  text: string;
  button?: RemedyButton;
}

/** The palette commands a remedy may name (titles as in package.json: "category: title"). */
const command = {
  initialize: { id: 'coordination.initialize', title: 'Coordination: Initialize' },
  registerSession: { id: 'coordination.registerSession', title: 'Coordination: Register Session' },
  claim: { id: 'coordination.claim', title: 'Coordination: Claim Work…' },
  claimFiles: { id: 'coordination.claimFiles', title: 'Coordination: Claim Files…' },
  forceRelease: { id: 'coordination.forceReleaseClaim', title: 'Coordination: Force-Release Claim' },
  sendMessage: { id: 'coordination.sendMessage', title: 'Coordination: Send Message…' },
  dashboard: { id: 'coordination.openDashboard', title: 'Coordination: Open Dashboard' },
  showLog: { id: 'coordination.showLog', title: 'Coordination: Show Log' },
} as const satisfies Record<string, RemedyButton>;

/** Commands of VS Code itself a remedy may name. */
const workbench = {
  settings: (setting: string): RemedyButton => ({
    id: 'workbench.action.openSettings',
    title: 'Open Settings',
    args: [setting],
  }),
  trust: { id: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
  gitInit: { id: 'git.init', title: 'Git: Initialize Repository' },
} as const;

/** The palette commands this wording names, for the test that holds them to package.json. */
export const remedyPaletteCommands: readonly RemedyButton[] = Object.values(command);

/**
 * What to do about any error, in the window's words: the error's own hint when it has one (the window's own errors
 * word theirs; the core's are plain English), else its remedy worded here; the remedy's command is the button.
 */
export function windowRemedy(error: unknown): RemedyWording {
  const own = error instanceof CoordError ? error.hint : undefined;
  const worded = remedyCommand(remedyOf(error));
  return own ? { text: own, ...(worded.button ? { button: worded.button } : {}) } : worded;
}

function run(button: RemedyButton, after = ''): RemedyWording {
  return { text: `run '${button.title}'${after}`, button };
}

/**
 * The window's wording of a remedy, for a person at VS Code: palette commands and settings, never a CLI flag or a
 * `coord` command. The switch has no default, so a remedy added to the core does not compile until the window can
 * say it.
 */
export function remedyCommand(remedy: Remedy): RemedyWording {
  switch (remedy.action) {
    case 'fix-input':
      return { text: 'correct what was entered and try again' };
    case 'pass-option':
      return optionWording[remedy.option];
    case 'register-session':
      return run(command.registerSession);
    case 'ask-holder':
      return {
        text:
          `message ${remedy.holder} with '${command.sendMessage.title}'` +
          // This window takes exclusive path claims only, so a shared claim beside the holder's is not offered.
          (remedy.overlapping === undefined ? ', or pick other work' : ', or claim files that do not overlap'),
        button: command.sendMessage,
      };
    case 'take-claim':
      return run(command.claim, ` to take ${remedy.type}/${remedy.name}: nobody holds it`);
    case 'finish-dependencies':
      return { text: `finish ${remedy.waitingOn.join(', ')} first (the Work view lists them)` };
    case 'choose-existing':
      return chooseExisting[remedy.kind];
    case 'retry-later':
      return { text: 'try again later' };
    case 'init-tree':
      return remedy.missingFile === undefined
        ? run(command.initialize, ' in this folder')
        : run(command.initialize, ' to recreate it (existing files are kept)');
    case 'repair-tree':
      if (remedy.path !== undefined && remedy.recreatedByInit) {
        return run(command.initialize, ` after fixing or deleting ${remedy.path}`);
      }
      return { text: `fix or remove ${remedy.path ?? 'the broken files of the coordination tree'} by hand` };
    case 'check-file-system':
      return { text: `check the permissions and free space${remedy.path ? ` of ${remedy.path}` : ''}` };
    case 'edit-file':
      return { text: `edit ${remedy.path} by hand` };
    case 'configure-sync': {
      const setting = `coordination.sync.${remedy.setting}`;
      return {
        text: `set ${setting} in the Settings to a ${remedy.setting} that works`,
        button: workbench.settings(setting),
      };
    }
    case 'change-environment':
      return environment[remedy.need];
    case 'nothing-to-do':
      return { text: 'nothing to do: it is already so' };
    case 'report-bug':
      return run(command.showLog, ' and report what it shows (an unexpected failure)');
  }
}

const optionWording: Record<RemedyOption, RemedyWording> = {
  force: run(command.forceRelease, ' if the holder agrees or the claim is stuck (the holder is told by message)'),
  shared: run(command.claimFiles, ' for files that do not overlap (this window takes exclusive path claims only)'),
  wait: { text: 'try again in a moment' },
};

const chooseExisting: Record<ExistingKind, RemedyWording> = {
  session: { text: 'pick a live session (the Sessions view lists them)' },
  recipient: { text: 'send to a live session (the Sessions view lists them) or broadcast' },
  'work-item': { text: 'pick an open work item (the Work view lists them)' },
  message: { text: 'pick a message of your inbox (the Inbox view lists them)' },
  claim: { text: 'pick a claim (the Claims view lists them)' },
  folder: { text: 'pick a workspace folder with a coordination tree' },
};

const environment: Record<Extract<Remedy, { action: 'change-environment' }>['need'], RemedyWording> = {
  'git-repository': run(workbench.gitInit, ' first'),
  'sync-enabled': {
    text: 'turn on coordination.sync.enabled in the Settings to sync with git',
    button: workbench.settings('coordination.sync.enabled'),
  },
  'workspace-trust': run(workbench.trust, ' and trust this workspace'),
};
