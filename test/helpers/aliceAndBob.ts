import { startSession } from '../../src/core/sessions/sessions';
import { makeTempTree, type TempTree } from './tempTree';

/** What each test of a suite gets from withAliceAndBob(): a fresh tree and two sessions in it. */
export interface AliceAndBob {
  tree: TempTree;
  alice: string;
  bob: string;
}

/**
 * The suites' usual set-up, once: before each test of the `describe` it is called in, a fresh initialized tree
 * with two sessions, alice and bob, removed after the test. The fields are replaced for every test, so read them
 * inside the tests (`s.tree.ctx`, `s.alice`), not when the suite is declared.
 */
export function withAliceAndBob(): AliceAndBob {
  const fixture = {} as AliceAndBob;
  beforeEach(() => {
    fixture.tree = makeTempTree();
    fixture.alice = startSession(fixture.tree.ctx, { name: 'alice' }).id;
    fixture.bob = startSession(fixture.tree.ctx, { name: 'bob' }).id;
  });
  afterEach(() => fixture.tree.cleanup());
  return fixture;
}
