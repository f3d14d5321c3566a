import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoordContext } from '../files/context';
import type { TreeLayout } from '../files/layout';
import { assertSlug } from '../files/slug';

/**
 * Which sessions were started in this live tree (this repository on this computer, all its worktrees): a marker
 * file each in `.local/own-sessions/`. Only this tree's processes act for such a session, so its claims and
 * heartbeats are judged by this clock; a session that arrived by sync is another computer's, even when two
 * clones of one remote sit on the same host.
 */
function markerDir(layout: TreeLayout): string {
  return join(layout.localDir, 'own-sessions');
}

export function markOwnSession(layout: TreeLayout, id: string): void {
  const dir = markerDir(layout);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, assertSlug('session id', id)), '');
}

/** Sessions from before the markers (no marker folder yet) count as this tree's when their file names this host. */
export function isOwnSession(ctx: CoordContext, id: string, host: string | undefined): boolean {
  const dir = markerDir(ctx.layout);
  if (existsSync(join(dir, assertSlug('session id', id)))) return true;
  return !existsSync(dir) && host === ctx.host;
}
