/**
 * What the caller can do about a failure, in no front end's words, so an agent acts on it without parsing a hint
 * written for a person: each front end words it its own way (the CLI as a flag or a command, the MCP server as a
 * tool). A closed set: a new way out is a new member here, and every front end's wording must then cover it.
 */
export type Remedy =
  /** The request itself is wrong (an argument, an option, a value): change it, as the message says. */
  | { action: 'fix-input' }
  /** The same request with this option goes ahead (`force`: after asking the holder, who is told by message). */
  | { action: 'pass-option'; option: RemedyOption }
  /** There is no live session to act as: register one (or name one of yours that is alive). */
  | { action: 'register-session' }
  /**
   * Another session has it: ask that session (send it a message), or pick other work. `overlapping`: it is a path
   * claim that overlaps the files asked for, so files that do not overlap go ahead too (and, when it is `shared`,
   * a shared claim of the same files goes beside it).
   */
  | { action: 'ask-holder'; holder: string; overlapping?: 'exclusive' | 'shared' }
  /** Nobody holds this claim (so there is nothing to renew): take it. */
  | { action: 'take-claim'; type: string; name: string }
  /** The work item waits on these items: finish them (or have them finished) first. */
  | { action: 'finish-dependencies'; waitingOn: string[] }
  /** The request names something that does not exist or cannot take it: name another one of that kind. */
  | { action: 'choose-existing'; kind: ExistingKind }
  /** Busy or not ready yet (a race, a running loop, no work now, blocked, offline): the same request later. */
  | { action: 'retry-later' }
  /**
   * There is no coordination tree here: create it first. `missingFile`: the tree is there but this file of it is
   * not; setting the tree up again recreates it and keeps every other file.
   */
  | { action: 'init-tree'; missingFile?: string }
  /**
   * Files of the tree are broken (the details or a check of the tree list them): fix or remove them. `path`: the
   * one broken file, when known; `recreatedByInit`: setting the tree up again recreates it once it is deleted.
   */
  | { action: 'repair-tree'; path?: string; recreatedByInit?: boolean }
  /** The file system refused (permissions, free space, a missing file of the install). */
  | { action: 'check-file-system'; path?: string }
  /** A file outside the tree must be changed by hand first (a hook another tool manages): the hint says how. */
  | { action: 'edit-file'; path: string }
  /** The sync setting (which git remote, which branch) names none that works: set it to one that does. */
  | { action: 'configure-sync'; setting: 'remote' | 'branch' }
  /** Something around the request must change first. */
  | { action: 'change-environment'; need: 'git-repository' | 'sync-enabled' | 'workspace-trust' }
  /** What the request wanted already holds, or nothing can change it. */
  | { action: 'nothing-to-do' }
  /** An unexpected failure: a bug to report, with the debug output. */
  | { action: 'report-bug' };

export type RemedyAction = Remedy['action'];

/** What `choose-existing` asks to name; a `recipient` is a live session or the broadcast channel. */
export type ExistingKind = 'session' | 'recipient' | 'work-item' | 'message' | 'claim' | 'folder';

/** Options a remedy may name, by their core name (`releaseClaim`'s `force`), not as a front end spells them. */
export type RemedyOption = 'force' | 'wait' | 'shared';
