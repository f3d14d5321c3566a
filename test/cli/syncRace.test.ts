import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSyncWorld, type SyncWorldLib, type World } from '../helpers/syncWorld';

/** `npm run stress` runs the same races at full size (scripts/stress/sync.mjs). */
const clones = 8;

describe('claims across computers: 8 clones race for one item', () => {
  let lib: SyncWorldLib;
  let world: World;
  let sessions: string[];
  before(async () => {
    lib = await loadSyncWorld();
    world = lib.createWorld({ clones });
    sessions = world.clones.map((c, i) => world.startSession(c, `racer${i}`));
  });
  after(() => world.cleanup());

  for (let round = 0; round < 3; round++) {
    it(`round ${round + 1}, remote reachable: exactly one confirmed, the others exit 1 naming it and hold nothing`, async () => {
      const judged = await lib.claimRace(world, sessions, 'race', `live-${round}`);
      assert.deepEqual(judged.violations, []);
      assert.equal(judged.confirmed, 1);
    });
  }

  for (let round = 0; round < 1; round++) {
    it(`round ${round + 1}, claims taken offline then synced at once: one confirmed, the others withdrawn and told by message`, async () => {
      const name = `apart-${round}`;
      const taken = await Promise.all(
        world.clones.map((c, i) =>
          world.coord(c, ['claim', 'race', name, '--json'], sessions[i], { COORD_SYNC: 'off' }),
        ),
      );
      assert.deepEqual(
        taken.map((t) => t.code),
        world.clones.map(() => 0),
        'each took it locally',
      );
      const results = await Promise.all(world.clones.map((c) => world.sync(c)));
      const key = `race/${name}`;
      const winners = results.map((r, i) => ({ r, i })).filter(({ r }) => r.claims.confirmed.includes(key));
      assert.equal(winners.length, 1, JSON.stringify(results.map((r) => r.claims)));
      const winner = sessions[winners[0]!.i];
      results.forEach((r, i) => {
        if (i === winners[0]!.i) return;
        assert.deepEqual(
          r.claims.lost.filter((l: { key: string }) => l.key === key),
          [{ key, holder: sessions[i], winner }],
          `clone ${i}`,
        );
        const clone = world.clones[i]!;
        assert.equal(
          JSON.parse(readFileSync(join(clone.tree, 'claims', 'race', `${name}.json`), 'utf8')).holder,
          winner,
          `clone ${i} holds the winner's claim`,
        );
        const inbox = join(clone.tree, 'messages', sessions[i]!);
        const told = readdirSync(inbox)
          .map((f) => JSON.parse(readFileSync(join(inbox, f), 'utf8')))
          .filter((m) => m.subject.includes(key));
        assert.equal(told.length, 1, `clone ${i} was told once`);
        assert.match(told[0].subject, new RegExp(`${winner} got it first`));
      });
    });
  }
});
