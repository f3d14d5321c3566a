/**
 * What the caller can do about a failure, in no front end's words, so an agent acts on it without parsing a hint
 * written for a person: each front end words it its own way (the CLI as a flag or a command, the MCP server as a
 * tool). A closed set: a new way out is a new member here, and every front end's wording must then cover it.
 */
export type Remedy =
  /** The request itself is wrong (an argument, an option, a value): change it, as the message says. */
  | { action: 'fix-input' }
  /** The same request with this option goes ahead (`force` tells the holder by message). */
  | { action: 'pass-option'; option: RemedyOption }
  /** There is no live session to act as: register one (or name one of yours that is alive). */
  | { action: 'register-session' }
  /** Another session has it: ask that session (send it a message), or pick other work. */
  | { action: 'ask-holder'; holder: string }
  /** The request names something that does not exist or cannot take it: name another one of that kind. */
  | { action: 'choose-existing'; kind: 'session' | 'work-item' | 'message' | 'claim' | 'folder' }
  /** Busy or not ready yet (a race, a running loop, no work now, blocked, offline): the same request later. */
  | { action: 'retry-later' }
  /** There is no coordination tree here: create it first. */
  | { action: 'init-tree' }
  /** Files of the tree are broken (the details or a check of the tree list them): fix or remove them. */
  | { action: 'repair-tree' }
  /** The file system refused (permissions, free space, a missing file of the install). */
  | { action: 'check-file-system'; path?: string }
  /** A file outside the tree must be changed by hand first (a hook another tool manages): the hint says how. */
  | { action: 'edit-file'; path: string }
  /** Something around the request must change first. */
  | { action: 'change-environment'; need: 'git-repository' | 'sync-enabled' | 'workspace-trust' }
  /** What the request wanted already holds, or nothing can change it. */
  | { action: 'nothing-to-do' }
  /** An unexpected failure: a bug to report, with the debug output. */
  | { action: 'report-bug' };

export type RemedyAction = Remedy['action'];

/** Options a remedy may name, by their core name (`releaseClaim`'s `force`), not as a front end spells them. */
export type RemedyOption = 'force' | 'wait' | 'shared';
