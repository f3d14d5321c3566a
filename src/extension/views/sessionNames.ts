import type { CoordinationSnapshot } from '../../core/views/treeCache';

/**
 * Views show session names where people read them; ids (which are unique) stay in tooltips. A name shared by
 * two sessions keeps its id, so it is never ambiguous.
 */
export function sessionNamer(snapshot: CoordinationSnapshot): (id: string) => string {
  const names = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const { session } of snapshot.sessions) counts.set(session.name, (counts.get(session.name) ?? 0) + 1);
  for (const { session } of snapshot.sessions)
    names.set(session.id, (counts.get(session.name) ?? 0) > 1 ? session.id : session.name);
  return (id) => (id === snapshot.selfId ? 'you' : (names.get(id) ?? id));
}
