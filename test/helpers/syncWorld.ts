import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * scripts/lib/syncWorld.mjs (computers sharing a bare git remote, shared with `npm run stress` and `npm run bench`),
 * loaded from the repository at run time: the suites run from out/, the scripts are not compiled.
 */
export type SyncWorldLib = typeof import('../../scripts/lib/syncWorld.mjs', { with: { 'resolution-mode': 'import' } });
export type { World, Clone } from '../../scripts/lib/syncWorld.mjs' with { 'resolution-mode': 'import' };

export const loadSyncWorld = (): Promise<SyncWorldLib> =>
  import(pathToFileURL(resolve(__dirname, '../../../scripts/lib/syncWorld.mjs')).href) as Promise<SyncWorldLib>;
