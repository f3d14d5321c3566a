import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import type { Session } from '../records/session';
import { livenessOf } from './liveness';
import { join } from 'node:path';
import type { CoordContext } from '../records/context';
import type { TreeLayout } from '../store/layout';
import { assertSlug } from '../store/slug';

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

/**
 * Whether a session is gone as this tree has seen it. A session of this tree is judged by its heartbeat age (its
 * beats are written here, by this clock). Another computer's session is gone only when this tree has also seen no
 * newer heartbeat of it for the gone threshold — counted from when its file was last written here (by sync), by
 * this clock, so neither a skewed clock nor a beat still on its way makes a live holder look gone early.
 */
export function isGoneHere(ctx: CoordContext, session: Session): boolean {
  if (session.endedAt !== undefined || livenessOf(session, ctx.clock.now(), ctx.config) !== 'gone') return false;
  if (isOwnSession(ctx, session.id, session.host)) return true;
  const seenAt = statSync(ctx.layout.sessionFile(session.id), { throwIfNoEntry: false })?.mtimeMs;
  return seenAt !== undefined && ctx.clock.now() - seenAt > ctx.config.goneAfterSeconds * 1000;
}

/** Sessions from before the markers (no marker folder yet) count as this tree's when their file names this host. */
export function isOwnSession(ctx: CoordContext, id: string, host: string | undefined): boolean {
  const dir = markerDir(ctx.layout);
  if (existsSync(join(dir, assertSlug('session id', id)))) return true;
  return !existsSync(dir) && host === ctx.host;
}
