import * as assert from 'node:assert/strict';
import { runDoctor } from '../../../src/core/views/doctor';
import { listSessions } from '../../../src/core/sessions/sessions';
import { Simulation } from '../../../src/core/operations/simulation';
import { listWork } from '../../../src/core/work/work';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

/** A small deterministic generator so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('Simulation', () => {
  let t: TempTree;
  beforeEach(() => (t = makeTempTree()));
  afterEach(() => t.cleanup());

  it('registers agents, seeds work, acts through the core and leaves a valid tree', () => {
    const sim = new Simulation(t.ctx, seeded(7));
    sim.start(4);
    assert.equal(sim.agents.length, 4);
    assert.ok(listWork(t.ctx).length >= 8);
    for (let i = 0; i < 30; i++) {
      const events = sim.step();
      assert.equal(events.length, 4);
      t.clock.advance(2000);
    }
    const report = runDoctor(t.ctx);
    assert.deepEqual(report.problems, []);
    assert.ok(listSessions(t.ctx).every((s) => s.state === 'active'));
    sim.stop();
    assert.ok(listSessions(t.ctx).every((s) => s.state === 'ended'));
  });
});
