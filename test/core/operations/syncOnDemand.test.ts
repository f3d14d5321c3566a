import assert from 'node:assert/strict';
import { renewalsPublisherOnDemand, syncSettingsOnDemand } from '../../../src/core/operations/syncOnDemand';
import { takeClaim } from '../../../src/core/claims/claims';
import { startSession } from '../../../src/core/sessions/sessions';
import { makeTempTree } from '../../helpers/tempTree';

describe('syncOnDemand', () => {
  it('works the settings out from the environment once, when first asked', () => {
    const settings = syncSettingsOnDemand({ COORD_SYNC_REMOTE: 'upstream', COORD_SYNC_BRANCH: 'coord' });
    const first = settings();
    assert.equal(first.remote, 'upstream');
    assert.equal(first.branch, 'coord');
    assert.equal(settings(), first);
  });

  it('publishing renewals never fails, even where there is no git at all', async () => {
    const tree = makeTempTree();
    try {
      const session = startSession(tree.ctx, { name: 'agent' }).id;
      const { claim } = takeClaim(tree.ctx, session, 'task', 'one');
      await renewalsPublisherOnDemand(tree.ctx, syncSettingsOnDemand({}))([claim]);
    } finally {
      tree.cleanup();
    }
  });
});
