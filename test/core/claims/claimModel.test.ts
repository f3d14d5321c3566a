import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { listClaims, releaseClaim, renewClaim, takeClaim } from '../../../src/core/claims/claims';
import { openContext, type CoordContext } from '../../../src/core/records/context';
import { initTree } from '../../../src/core/operations/init';
import { defaultProtocolConfig } from '../../../src/core/records/protocolConfig';
import { CoordError } from '../../../src/core/store/errors';
import { heartbeat, stopSession } from '../../../src/core/claims/sessionLifecycle';
import { startSession } from '../../../src/core/sessions/sessions';

/**
 * The claims of one live tree against a model, with fast-check's model-based commands: random sequences of claim,
 * renew, release, heartbeat, stop and the clock moving on, run on a real tree on disk with a controlled clock.
 * After every step the files must say exactly what the model says — who holds what, renewed when, and whether it
 * is free. A failure prints fast-check's seed and path; COORD_MODEL_SEED=<seed> COORD_MODEL_PATH=<path> replays it.
 */
const goneAfterSeconds = 30;
const sessions = 3;
const items = ['i0', 'i1', 'i2'];

interface ModelClaim {
  holder: number;
  renewedAt: number;
  ttl: number;
}

interface Model {
  now: number;
  beat: number[];
  ended: boolean[];
  claims: Map<string, ModelClaim>;
}

interface Real {
  ctx: CoordContext;
  clock: { t: number };
  ids: string[];
}

const gone = (m: Model, s: number): boolean => !m.ended[s] && m.now - (m.beat[s] as number) > goneAfterSeconds * 1000;
const free = (m: Model, c: ModelClaim): boolean =>
  c.renewedAt + c.ttl * 1000 <= m.now || m.ended[c.holder] === true || gone(m, c.holder);

/** Runs `act`; a refusal is false, success true, anything else fails the run. */
function outcome(act: () => unknown): boolean {
  try {
    act();
    return true;
  } catch (error) {
    if (error instanceof CoordError && error.code === 'refused') return false;
    throw error;
  }
}

function agree(m: Model, r: Real): void {
  const views = listClaims(r.ctx);
  const seen = new Map(views.map((v) => [v.claim.name, v]));
  assert.deepEqual([...seen.keys()].sort(), [...m.claims.keys()].sort(), 'the claims on disk');
  for (const [name, c] of m.claims) {
    const v = seen.get(name)!;
    assert.equal(v.claim.holder, r.ids[c.holder], `${name}: holder`);
    assert.equal(Date.parse(v.claim.renewedAt), c.renewedAt, `${name}: renewed`);
    assert.equal(v.claim.ttl, c.ttl, `${name}: ttl`);
    assert.equal(v.free, free(m, c), `${name}: free`);
  }
}

class Claim implements fc.Command<Model, Real> {
  constructor(
    readonly s: number,
    readonly item: string,
    readonly ttl: number,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const c = m.claims.get(this.item);
    const expected = !m.ended[this.s] && (!c || c.holder === this.s || free(m, c));
    const got = outcome(() => takeClaim(r.ctx, r.ids[this.s]!, 'issue', this.item, { ttlSeconds: this.ttl }));
    assert.equal(got, expected, `claim by s${this.s}`);
    if (expected) m.claims.set(this.item, { holder: this.s, renewedAt: m.now, ttl: this.ttl });
    agree(m, r);
  }
  toString = () => `claim(s${this.s}, ${this.item}, ${this.ttl}s)`;
}

class Renew implements fc.Command<Model, Real> {
  constructor(
    readonly s: number,
    readonly item: string,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const c = m.claims.get(this.item);
    const expected = !m.ended[this.s] && c?.holder === this.s;
    assert.equal(
      outcome(() => renewClaim(r.ctx, r.ids[this.s]!, 'issue', this.item)),
      expected,
      `renew by s${this.s}`,
    );
    if (expected && c) c.renewedAt = m.now;
    agree(m, r);
  }
  toString = () => `renew(s${this.s}, ${this.item})`;
}

class Release implements fc.Command<Model, Real> {
  constructor(
    readonly s: number,
    readonly item: string,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const expected = !m.ended[this.s] && m.claims.get(this.item)?.holder === this.s;
    assert.equal(
      outcome(() => releaseClaim(r.ctx, r.ids[this.s]!, 'issue', this.item)),
      expected,
      `release by s${this.s}`,
    );
    if (expected) m.claims.delete(this.item);
    agree(m, r);
  }
  toString = () => `release(s${this.s}, ${this.item})`;
}

class Beat implements fc.Command<Model, Real> {
  constructor(readonly s: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const expected = !m.ended[this.s];
    assert.equal(
      outcome(() => heartbeat(r.ctx, r.ids[this.s]!, {})),
      expected,
      `heartbeat of s${this.s}`,
    );
    if (expected) {
      m.beat[this.s] = m.now;
      for (const c of m.claims.values()) if (c.holder === this.s) c.renewedAt = m.now;
    }
    agree(m, r);
  }
  toString = () => `heartbeat(s${this.s})`;
}

class Stop implements fc.Command<Model, Real> {
  constructor(readonly s: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const expected = !m.ended[this.s];
    assert.equal(
      outcome(() => stopSession(r.ctx, r.ids[this.s]!)),
      expected,
      `stop of s${this.s}`,
    );
    if (expected) {
      m.ended[this.s] = true;
      for (const [name, c] of m.claims) if (c.holder === this.s) m.claims.delete(name);
    }
    agree(m, r);
  }
  toString = () => `stop(s${this.s})`;
}

class Wait implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    m.now += this.ms;
    r.clock.t += this.ms;
    agree(m, r);
  }
  toString = () => `wait(${this.ms} ms)`;
}

describe('claims of one tree against a model (fast-check commands)', () => {
  it('every claim, renew, release, heartbeat, stop and wait leaves the files saying what the model says', () => {
    const session = fc.integer({ min: 0, max: sessions - 1 });
    const item = fc.constantFrom(...items);
    const commands = [
      fc.tuple(session, item, fc.constantFrom(10, 20, 45)).map(([s, i, ttl]) => new Claim(s, i, ttl)),
      fc.tuple(session, item).map(([s, i]) => new Renew(s, i)),
      fc.tuple(session, item).map(([s, i]) => new Release(s, i)),
      session.map((s) => new Beat(s)),
      session.map((s) => new Stop(s)),
      // Steps that land on the lease and gone boundaries exactly, and long ones that cross them.
      fc
        .oneof(fc.constantFrom(1, 999, 1000, 10_000, 20_000, 30_000), fc.integer({ min: 0, max: 50_000 }))
        .map((ms) => new Wait(ms)),
    ];
    const seed = process.env.COORD_MODEL_SEED ? Number(process.env.COORD_MODEL_SEED) : undefined;
    const path = process.env.COORD_MODEL_PATH;
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), (cmds) => {
        const dir = mkdtempSync(join(tmpdir(), 'coord-claim-model-'));
        try {
          const clock = { t: Date.parse('2026-01-01T00:00:00.000Z') };
          initTree(dir);
          const ctx = openContext(dir, {
            clock: { now: () => clock.t },
            config: { ...defaultProtocolConfig, goneAfterSeconds },
          });
          const ids = Array.from({ length: sessions }, (_, s) => startSession(ctx, { name: `s${s}` }).id);
          const model: Model = {
            now: clock.t,
            beat: ids.map(() => clock.t),
            ended: ids.map(() => false),
            claims: new Map(),
          };
          fc.modelRun(() => ({ model, real: { ctx, clock, ids } }), cmds);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150, ...(seed !== undefined ? { seed } : {}), ...(path ? { path } : {}) },
    );
  });
});
