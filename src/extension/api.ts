import type * as vscode from 'vscode';
import type { CoordinationSnapshot } from '../core/views/treeCache';

/** One folder of the window that holds (or may hold) a coordination tree. */
export interface CoordinationRootInfo {
  /** The folder's path: the root that `docs/coordination/` is under. */
  readonly rootPath: string;
  /** This window's session in that root, once it registered one. */
  readonly sessionId?: string;
  /** Whether the tree was read (a view was shown or a command ran); before that `snapshot()` is undefined. */
  readonly isLoaded: boolean;
  /** What the views show: sessions, claims (with their confirmation across computers), inbox, work, problems. */
  snapshot(): CoordinationSnapshot | undefined;
}

/**
 * What `activate()` returns to other extensions: a read-only window onto this window's coordination state. Kept
 * small on purpose — to act on the tree, run the `coordination.*` commands or the `coord` CLI. The extension's own
 * tests get more through `testHooks.ts`, only when VS Code runs them.
 */
export interface CoordinationApi {
  /** Raised when a member changes in a way that breaks callers. */
  readonly apiVersion: 1;
  roots(): CoordinationRootInfo[];
  /** Fires whenever any root's state changed. */
  readonly onDidChange: vscode.Event<void>;
}
