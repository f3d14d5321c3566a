import * as assert from 'node:assert/strict';
import { loadTreeGenerator } from '../helpers/scriptsLib';
import { loadSyncWorld } from '../helpers/syncWorld';

/** `npm run stress` runs it at full size: 30 sessions × 50 messages over 4 clones (scripts/stress/sync.mjs). */
describe('messages across computers: delivery through an outage', () => {
  it('8 sessions over 4 clones send 3 messages each while clones sync in random order; the remote goes away half-way and comes back; every message arrives exactly once', async () => {
    const lib = await loadSyncWorld();
    const { makeRng } = await loadTreeGenerator();
    const world = lib.createWorld({ clones: 4 });
    try {
      const result = await lib.deliveryScenario(world, {
        sessionCount: 8,
        perSession: 3,
        rng: makeRng(5),
        concurrency: 8,
      });
      assert.equal(result.outages, 1);
      assert.deepEqual(
        {
          sent: result.sent,
          delivered: result.delivered,
          lost: result.lost,
          duplicated: result.duplicated,
          missingElsewhere: result.missingElsewhere,
        },
        { sent: 24, delivered: 24, lost: 0, duplicated: 0, missingElsewhere: 0 },
      );
    } finally {
      world.cleanup();
    }
  });
});
