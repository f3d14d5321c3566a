import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, ioError } from '../store/errors';
import type { TreeLayout } from '../store/layout';

/**
 * Read state lives in `.local/read/<session>/`, one empty file per read message: marking is a create that two
 * processes can do at once without losing either, and it is never synced to other computers.
 */
export function markRead(layout: TreeLayout, session: string, messageId: string): void {
  const dir = layout.readMarkersDir(session);
  const path = join(dir, messageId);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, '', { flag: 'a' });
  } catch (error) {
    throw ioError('mark as read', path, error);
  }
}

export function readMessageIds(layout: TreeLayout, session: string): Set<string> {
  try {
    return new Set(readdirSync(layout.readMarkersDir(session)));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return new Set();
    throw ioError('list', layout.readMarkersDir(session), error);
  }
}
