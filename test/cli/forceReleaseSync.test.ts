import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { twoComputers } from '../helpers/syncWorld';

/** A person force-releasing a claim held on another computer: the release travels, the holder is told. */
describe('force-release across computers', () => {
  const computers = twoComputers();

  it('coord release --force on one computer frees a live claim held on another, once both have synced', async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    assert.equal((await world.coord(a, ['claim', 'issue', '9', '--json'], alice)).json.confirmation, 'confirmed');
    await world.sync(a);
    await world.sync(b);
    const bob = world.startSession(b, 'bob');
    const released = await world.coord(b, ['release', 'issue', '9', '--force', '--json'], bob);
    assert.equal(released.code, 0, released.stdout + released.stderr);
    await world.sync(b);
    await world.sync(a);
    await world.sync(b);
    assert.equal(existsSync(join(a.tree, 'claims', 'issue', '9.json')), false, "released on the holder's computer");
    assert.equal(existsSync(join(b.tree, 'claims', 'issue', '9.json')), false, 'and stays released here');
    // Now free everywhere: bob can take it, confirmed.
    assert.equal((await world.coord(b, ['claim', 'issue', '9', '--json'], bob)).json.confirmation, 'confirmed');
  });

  it('a claim confirmed by coord claim and force-released elsewhere before its computer synced is withdrawn there, not published again', async () => {
    const { world, a, b } = computers;
    const alice = world.startSession(a, 'alice');
    // Confirmed on the remote, but a has not synced since: the claim is in no base yet.
    assert.equal((await world.coord(a, ['claim', 'issue', '10', '--json'], alice)).json.confirmation, 'confirmed');
    await world.sync(b);
    const bob = world.startSession(b, 'bob');
    assert.equal((await world.coord(b, ['release', 'issue', '10', '--force', '--json'], bob)).code, 0);
    const round = await world.sync(a);
    assert.deepEqual(round.claims.confirmed, [], 'a did not publish it again');
    assert.equal(existsSync(join(a.tree, 'claims', 'issue', '10.json')), false, "withdrawn on the holder's computer");
    const told = world.coordSync(a, ['inbox', '--json'], alice).json.messages as { subject: string }[];
    assert.ok(
      told.some((m) => /issue\/10/.test(m.subject)),
      JSON.stringify(told.map((m) => m.subject)),
    );
    await world.sync(b);
    assert.equal(existsSync(join(b.tree, 'claims', 'issue', '10.json')), false);
  });
});
