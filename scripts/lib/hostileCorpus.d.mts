// Types for hostileCorpus.mjs.
export interface HostileEntry {
  /** Path relative to the tree folder (docs/coordination), with "/" separators. */
  rel: string;
  what: string;
  /** Whether `coord doctor` must report it; false for valid records with hostile contents and for dot-files. */
  reported: boolean;
}

export function generateHostileCorpus(
  treeDir: string,
  options: { count?: number; outsideDir: string; inbox?: string; bigFileBytes?: number; seed?: number },
): { entries: HostileEntry[]; expected: string[] };

export const brokenTreeVariants: { name: string; rel: string; apply(treeDir: string, outsideDir: string): void }[];

export function snapshotTree(dir: string, options?: { skip?: (rel: string) => boolean }): Map<string, string>;
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[];
export const rawControlPattern: RegExp;
