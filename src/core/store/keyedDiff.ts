/** What turns one keyed collection into another: the entries to add or replace, and the keys to drop. */
export interface KeyedPatch<T> {
  upsert: T[];
  remove: string[];
}

/**
 * Compares two keyed collections entry by entry, so a front end that holds the previous one receives only what
 * changed. `same` decides equality; entries are never mutated.
 */
export function diffByKey<T>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  same: (a: T, b: T) => boolean,
): KeyedPatch<T> {
  const upsert: T[] = [];
  const remove: string[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined || !same(old, value)) upsert.push(value);
  }
  for (const key of before.keys()) if (!after.has(key)) remove.push(key);
  return { upsert, remove };
}

/** Equality of flat records (own enumerable fields, compared with ===), the shape rows sent to a view have. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  return true;
}

export function isEmptyPatch(patch: KeyedPatch<unknown>): boolean {
  return patch.upsert.length === 0 && patch.remove.length === 0;
}
