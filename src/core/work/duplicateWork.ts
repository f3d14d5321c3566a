import type { ClaimView } from '../claims/claimView';
import { isAlive } from '../sessions/liveness';
import type { SessionView } from '../sessions/sessions';

export type DuplicateKind = 'same-target' | 'target-claimed' | 'overlapping-claims';

export interface DuplicateWork {
  kind: DuplicateKind;
  /** Stable while the situation lasts, so it is announced once. */
  key: string;
  /** The live sessions involved, sorted. */
  sessions: string[];
  target?: string;
  claims?: string[];
  text: string;
}

/**
 * Two or more live sessions on one thing, named with the sessions involved:
 * - same-target: their last heartbeats name the same target (`src/a.ts` and `./src/a.ts` are one target);
 * - target-claimed: a session's target is a claim another session holds (target `issue/42` or `issue 42`, claim
 *   `issue/42`; target `src/auth.ts`, claim `file/src-auth.ts`);
 * - overlapping-claims: claims of different sessions name the same thing under different types (`issue/42` and
 *   `pr/42`), which exclusive claims alone cannot catch.
 */
export function findDuplicateWork(sessions: readonly SessionView[], claims: readonly ClaimView[]): DuplicateWork[] {
  const live = sessions.filter((s) => isAlive(s.state));
  const liveIds = new Set(live.map((s) => s.session.id));
  const held = claims.filter((c) => !c.free && liveIds.has(c.claim.holder));
  const found: DuplicateWork[] = [];

  const byTarget = new Map<string, { shown: string; ids: string[] }>();
  for (const s of live) {
    const target = s.session.heartbeat?.target;
    if (!target) continue;
    const key = targetKey(target);
    if (!key) continue;
    const entry = byTarget.get(key) ?? { shown: target.trim(), ids: [] };
    entry.ids.push(s.session.id);
    byTarget.set(key, entry);
  }
  for (const [key, { shown, ids }] of byTarget) {
    if (ids.length < 2) continue;
    const sorted = [...ids].sort();
    found.push({
      kind: 'same-target',
      key: `same-target:${key}:${sorted.join(',')}`,
      sessions: sorted,
      target: shown,
      text: `${sorted.length} sessions work on the same target ${shown}: ${sorted.join(', ')}`,
    });
  }

  const claimsByKey = new Map<string, ClaimView[]>();
  const addKey = (key: string, view: ClaimView) => {
    if (!key) return;
    const list = claimsByKey.get(key) ?? [];
    if (!list.includes(view)) list.push(view);
    claimsByKey.set(key, list);
  };
  for (const view of held) {
    addKey(wordKey(`${view.claim.type}/${view.claim.name}`), view);
    addKey(wordKey(view.claim.name), view);
  }
  for (const s of live) {
    const target = s.session.heartbeat?.target;
    if (!target) continue;
    for (const view of claimsByKey.get(wordKey(target)) ?? []) {
      if (view.claim.holder === s.session.id) continue;
      const claim = `${view.claim.type}/${view.claim.name}`;
      const ids = [s.session.id, view.claim.holder].sort();
      found.push({
        kind: 'target-claimed',
        key: `target-claimed:${claim}:${s.session.id}`,
        sessions: ids,
        target: target.trim(),
        claims: [claim],
        text: `${s.session.id} works on ${target.trim()}, which ${view.claim.holder} has claimed (${claim})`,
      });
    }
  }

  const byName = new Map<string, ClaimView[]>();
  for (const view of held) {
    const key = wordKey(view.claim.name);
    const list = byName.get(key);
    if (list) list.push(view);
    else byName.set(key, [view]);
  }
  for (const [key, views] of byName) {
    const holders = [...new Set(views.map((v) => v.claim.holder))].sort();
    if (holders.length < 2) continue;
    const names = views.map((v) => `${v.claim.type}/${v.claim.name}`).sort();
    found.push({
      kind: 'overlapping-claims',
      key: `overlapping-claims:${key}:${names.join(',')}`,
      sessions: holders,
      claims: names,
      text: `claims on the same thing by different sessions: ${views
        .map((v) => `${v.claim.type}/${v.claim.name} (${v.claim.holder})`)
        .sort()
        .join(', ')}`,
    });
  }
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

/** A target as a path: case, `./`, backslashes and a trailing slash do not make it another target. */
export function targetKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
}

/** Letters and digits only, so a path, a claim and a phrase naming one thing meet: `src/auth.ts` ↔ `src-auth.ts`. */
export function wordKey(text: string): string {
  return targetKey(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
