import { messageIdPattern } from '../store/ids';
import { isSlug } from '../store/slug';

/** Bigger files are not synced: no record comes near it, and a forge is no place for bulk data. */
export const maxSyncedFileBytes = 1024 * 1024;

const maxDepth = 6;
// Names a person may give a milestone or report; never a dot-file, a separator, a control or Windows-reserved character.
const safeName = /^[A-Za-z0-9_][^/\\:*?"<>|\u0000-\u001f\u007f]{0,127}$/;

/**
 * Why a path (relative to the tree, "/"-separated) may not be synced, or undefined when it may. Applied to every
 * path read from the local tree and from a fetched commit, so a crafted commit cannot write outside the tree,
 * into `.local/`, or onto a dot-file.
 */
export function treePathProblem(path: string): string | undefined {
  const parts = path.split('/');
  if (parts.length > maxDepth) return `is nested deeper than ${maxDepth} folders`;
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') return 'has an empty, "." or ".." component';
    if (!safeName.test(part) || part.endsWith(' ') || part.endsWith('.'))
      return `has the name ${JSON.stringify(part)}, which is not synced (dot-files, separators and control characters never are)`;
  }
  return undefined;
}

export type TreePathKind =
  | { kind: 'message'; to: string; id: string }
  | { kind: 'session'; id: string }
  | { kind: 'claim'; type: string; name: string }
  | { kind: 'work'; id: string }
  | { kind: 'other' };

/** Which merge rule a path follows. */
export function treePathKind(path: string): TreePathKind {
  const parts = path.split('/');
  const [top, a, b] = parts;
  const json = (name: string | undefined) => (name?.endsWith('.json') ? name.slice(0, -5) : undefined);
  if (top === 'messages' && parts.length === 3 && a && isSlug(a)) {
    const id = json(b);
    if (id && messageIdPattern.test(id)) return { kind: 'message', to: a, id };
  }
  if (top === 'sessions' && parts.length === 2) {
    const id = json(a);
    if (id && isSlug(id)) return { kind: 'session', id };
  }
  if (top === 'claims' && parts.length === 3 && a && isSlug(a)) {
    const name = json(b);
    if (name && isSlug(name)) return { kind: 'claim', type: a, name };
  }
  if (top === 'work' && parts.length === 2) {
    const id = json(a);
    if (id && isSlug(id)) return { kind: 'work', id };
  }
  return { kind: 'other' };
}

export function claimPath(type: string, name: string): string {
  return `claims/${type}/${name}.json`;
}

/**
 * Where a published tree records a deletion: `.deleted/<path>` holds the version that was deleted. A dot-folder,
 * so no local file can ever be mistaken for one (the snapshot skips dot-files) and none is ever written back.
 */
export const tombstonePrefix = '.deleted/';

/** The path a tombstone entry deletes, or undefined when `entry` is not a well-formed tombstone. */
export function tombstoneTarget(entry: string): string | undefined {
  if (!entry.startsWith(tombstonePrefix)) return undefined;
  const target = entry.slice(tombstonePrefix.length);
  return treePathProblem(target) === undefined ? target : undefined;
}

/** Why a path of a published tree is refused, or undefined: a synced file's path, or a tombstone of one. */
export function publishedPathProblem(path: string): string | undefined {
  if (path.startsWith(tombstonePrefix))
    return tombstoneTarget(path) === undefined ? 'is a tombstone of a path that is not synced' : undefined;
  return treePathProblem(path);
}
