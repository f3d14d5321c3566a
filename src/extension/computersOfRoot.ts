import type { CoordinationSnapshot } from '../core/views/treeCache';
import { listComputers, type ComputerView } from '../core/views/computers';
import type { CoordinationRoot } from './coordinationRoot';
import { readSyncSettings } from './syncSettings';

/**
 * The computers of a root from its snapshot, judged by the folder's `coordination.sync.intervalMinutes`: the one
 * place the sidebar and the dashboard get them, so both say the same.
 */
export function computersOf(root: CoordinationRoot, snapshot: CoordinationSnapshot): ComputerView[] {
  return listComputers({
    sessions: snapshot.sessions,
    claims: snapshot.claims,
    work: snapshot.work,
    facts: snapshot.computerFacts,
    selfHost: snapshot.host,
    nowMs: snapshot.now,
    syncIntervalMs: readSyncSettings(root.folder.uri).intervalMs,
  });
}
