import type * as vscode from 'vscode';
import { relative, sep } from 'node:path';
import type { ClaimView } from '../../core/claims/claimView';
import { claimsCoveringPath } from '../../core/claims/pathClaims';
import { formatDuration } from '../../core/store/durationText';
import type { CoordinationRoot } from '../coordinationRoot';
import type { CoordinationWorkspace } from '../coordinationWorkspace';

/** A file of the workspace as path claims see it: its root and its path relative to that root. */
export interface FileInRoot {
  root: CoordinationRoot;
  relPath: string;
}

export function fileInRoot(workspace: CoordinationWorkspace, uri: vscode.Uri): FileInRoot | undefined {
  if (uri.scheme !== 'file') return undefined;
  for (const root of workspace.all()) {
    const rel = relative(root.rootPath, uri.fsPath);
    if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[A-Za-z]:/.test(rel)) continue;
    return { root, relPath: rel.split(sep).join('/') };
  }
  return undefined;
}

/** The live path claims covering a file, from the root's snapshot (no file read); none while it is not loaded. */
export function claimsOnFile(file: FileInRoot): ClaimView[] {
  const snapshot = file.root.snapshot();
  if (!snapshot) return [];
  return claimsCoveringPath(snapshot.claims, file.relPath);
}

/** Who holds a claim, as people read it: the session's name and kind, its id when the name is not its own. */
export function holderText(root: CoordinationRoot, view: ClaimView): string {
  const session = root.snapshot()?.sessions.find((s) => s.session.id === view.claim.holder)?.session;
  return session ? `${session.name} (${session.kind}, ${session.id})` : view.claim.holder;
}

/** When a lease ends, as a person reads it: the local time and how long is left, e.g. "14:32 (1h 59m left)". */
export function leaseEndText(view: ClaimView): string {
  const at = new Date(view.expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${at} (${formatDuration(view.remainingMs)} left)`;
}
