import { join, relative, sep } from 'node:path';
import type { ClaimView } from '../claims/claimView';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import type { Committer } from './guardCommitter';
import { treeRelativePath } from '../store/layout';
import { claimsCoveringPath, listPathClaims } from '../claims/pathClaims';

export interface GuardConflict {
  /** The file, relative to the root (as path claims name files). */
  file: string;
  /** The live claims of other sessions covering it. */
  claims: ClaimView[];
}

/**
 * The staged files (relative to the top of the working tree) that live path claims of other sessions cover.
 * A claim of the committer never stops it; a shared claim of another session does not either when the committer
 * holds a live claim covering the same file — shared claims coexist, as they do when they are taken. Expired
 * claims and claims of gone or ended sessions are free, so they stop nothing.
 */
export function commitConflicts(
  ctx: CoordContext,
  topLevel: string,
  staged: readonly string[],
  committer: Committer,
  sink = new DiagnosticSink(),
): GuardConflict[] {
  const views = listPathClaims(ctx, sink);
  if (views.length === 0) return [];
  const own = new Set(committer.sessions);
  const conflicts: GuardConflict[] = [];
  for (const file of staged) {
    const rel = rootRelative(ctx.layout.root, topLevel, file);
    if (rel === undefined) continue;
    const covering = claimsCoveringPath(views, rel);
    const mine = covering.some((v) => own.has(v.claim.holder));
    const others = covering.filter((v) => !own.has(v.claim.holder) && !(v.claim.shared === true && mine));
    if (others.length) conflicts.push({ file: rel, claims: others });
  }
  return conflicts;
}

/** `file` (from git, relative to the top) relative to the root; undefined outside the root or inside the tree. */
function rootRelative(root: string, topLevel: string, file: string): string | undefined {
  const rel = relative(root, join(topLevel, file)).split(sep).join('/');
  if (rel === '' || rel.startsWith('../') || rel === '..') return undefined;
  const tree = treeRelativePath.split(sep).join('/');
  return rel === tree || rel.startsWith(`${tree}/`) ? undefined : rel;
}
