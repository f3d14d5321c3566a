import assert from 'node:assert/strict';
import { broadcastText, planBroadcast, type BroadcastOptions } from '../../../src/core/health/findingBroadcast';
import type { Finding } from '../../../src/core/health/healthFindings';

const options: BroadcastOptions = { minIntervalMs: 60_000, maxPerMessage: 2, maxPending: 3, rememberMs: 3_600_000 };
const insight = (key: string): Finding => ({
  kind: 'duplicate-work',
  category: 'insight',
  key,
  severity: 'warning',
  text: key,
  sessions: [],
  announce: true,
});
const event = (key: string): Finding => ({
  kind: 'claim-freed',
  category: 'event',
  key,
  severity: 'info',
  text: key,
  sessions: [],
  announce: true,
});
const t0 = Date.parse('2026-11-21T12:00:00Z');

describe('finding broadcast: throttled and deduplicated', () => {
  it('says a finding once; a standing insight is said again only after it cleared and came back', () => {
    let memory = { said: {}, pending: [] as Finding[], lastBroadcastAt: undefined as string | undefined };
    const first = planBroadcast([insight('dup')], memory, t0, options);
    assert.deepEqual(
      first.say.map((f) => f.key),
      ['dup'],
    );
    memory = { said: first.said, pending: first.pending, lastBroadcastAt: new Date(t0).toISOString() };
    assert.deepEqual(
      planBroadcast([insight('dup')], memory, t0 + 120_000, options).say,
      [],
      'still there: not said again',
    );
    const cleared = planBroadcast([], memory, t0 + 120_000, options);
    assert.deepEqual(cleared.said, {}, 'cleared: forgotten');
    memory = { ...memory, said: cleared.said };
    assert.deepEqual(
      planBroadcast([insight('dup')], memory, t0 + 240_000, options).say.map((f) => f.key),
      ['dup'],
    );
  });

  it('throttles: events wait for the next broadcast, insights are found again', () => {
    const memory = { said: {}, pending: [] as Finding[], lastBroadcastAt: new Date(t0).toISOString() };
    const held = planBroadcast([event('e1'), insight('i1')], memory, t0 + 10_000, options);
    assert.deepEqual(held.say, []);
    assert.deepEqual(
      held.pending.map((f) => f.key),
      ['e1'],
    );
    assert.equal(held.throttledUntil, t0 + 60_000);
    const later = planBroadcast([insight('i1')], { ...memory, pending: held.pending }, t0 + 61_000, options);
    assert.deepEqual(
      later.say.map((f) => f.key),
      ['e1', 'i1'],
    );
  });

  it('at most maxPerMessage per message and maxPending waiting; findings not worth announcing are never said', () => {
    const memory = { said: {}, pending: [] as Finding[] };
    const quiet: Finding = { ...event('quiet'), announce: false };
    const plan = planBroadcast(
      [quiet, event('a'), event('b'), event('c'), event('d'), event('e'), event('f')],
      memory,
      t0,
      options,
    );
    assert.deepEqual(
      plan.say.map((f) => f.key),
      ['a', 'b'],
    );
    assert.deepEqual(
      plan.pending.map((f) => f.key),
      ['d', 'e', 'f'],
    );
    assert.ok(!('quiet' in plan.said));
  });

  it('an event is remembered for rememberMs', () => {
    const said = { e: { at: new Date(t0).toISOString(), standing: false } };
    assert.deepEqual(planBroadcast([event('e')], { said, pending: [] }, t0 + 1000, options).say, []);
    assert.deepEqual(
      planBroadcast([event('e')], { said, pending: [] }, t0 + 3_600_001, options).say.map((f) => f.key),
      ['e'],
    );
  });

  it('one finding is the subject; several are counted and listed', () => {
    assert.equal(broadcastText([event('a freed')]).subject, 'Health: a freed');
    const many = broadcastText([event('a'), event('b')]);
    assert.equal(many.subject, 'Health: 2 findings');
    assert.match(many.body, /^- a\n- b\n/);
    assert.equal(broadcastText([event('x'.repeat(500))]).subject.length, 200);
  });
});
