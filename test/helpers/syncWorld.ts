import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * scripts/lib/syncWorld.mjs (computers sharing a bare git remote, shared with `npm run stress` and `npm run bench`),
 * loaded from the repository at run time: the suites run from out/, the scripts are not compiled.
 */
export type SyncWorldLib = typeof import('../../scripts/lib/syncWorld.mjs', { with: { 'resolution-mode': 'import' } });
import type { World, Clone } from '../../scripts/lib/syncWorld.mjs' with { 'resolution-mode': 'import' };
export type { World, Clone };

export const loadSyncWorld = (): Promise<SyncWorldLib> =>
  import(pathToFileURL(resolve(__dirname, '../../../scripts/lib/syncWorld.mjs')).href) as Promise<SyncWorldLib>;

/** Two computers (clones) sharing a bare remote; fresh for each test, so read them inside the test. */
export interface TwoComputers {
  world: World;
  a: Clone;
  b: Clone;
}

/** Registers the calling `describe`'s hooks: each test gets two fresh computers, cleaned up after it. */
export function twoComputers(): TwoComputers {
  const state = {} as TwoComputers;
  let lib: SyncWorldLib;
  before(async () => (lib = await loadSyncWorld()));
  beforeEach(() => {
    state.world = lib.createWorld({ clones: 2 });
    [state.a, state.b] = state.world.clones as [Clone, Clone];
  });
  afterEach(() => state.world.cleanup());
  return state;
}
