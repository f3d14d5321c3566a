import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The plain-ESM helpers under scripts/lib (shared with `npm run stress` and `npm run bench`), loaded from the
 * repository at run time: the suites run from out/, the scripts are not compiled.
 */
export type Procs = typeof import('../../scripts/lib/coordProcs.mjs', { with: { 'resolution-mode': 'import' } });
export type HostileCorpus = typeof import('../../scripts/lib/hostileCorpus.mjs', {
  with: { 'resolution-mode': 'import' },
});
export type TreeGenerator = typeof import('../../scripts/lib/generateTree.mjs', {
  with: { 'resolution-mode': 'import' },
});
export type PseudoTerminal = typeof import('../../scripts/lib/pseudoTerminal.mjs', {
  with: { 'resolution-mode': 'import' },
});
export type CacheInstall = typeof import('../../scripts/lib/cacheInstall.mjs', {
  with: { 'resolution-mode': 'import' },
});

const scriptsLib = resolve(__dirname, '../../../scripts/lib');

function load<T>(file: string): Promise<T> {
  return import(pathToFileURL(resolve(scriptsLib, file)).href) as Promise<T>;
}

export const loadProcs = (): Promise<Procs> => load<Procs>('coordProcs.mjs');
export const loadHostileCorpus = (): Promise<HostileCorpus> => load<HostileCorpus>('hostileCorpus.mjs');
export const loadTreeGenerator = (): Promise<TreeGenerator> => load<TreeGenerator>('generateTree.mjs');
export const loadPseudoTerminal = (): Promise<PseudoTerminal> => load<PseudoTerminal>('pseudoTerminal.mjs');
export const loadCacheInstall = (): Promise<CacheInstall> => load<CacheInstall>('cacheInstall.mjs');
