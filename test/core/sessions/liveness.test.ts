import assert from 'node:assert/strict';
import { heartbeatAgeMs, isAlive, livenessOf } from '../../../src/core/sessions/liveness';
import type { ProtocolConfig } from '../../../src/core/records/protocolConfig';
import type { Session } from '../../../src/core/records/session';

const config: ProtocolConfig = { heartbeatIntervalSeconds: 60, goneAfterSeconds: 900, defaultTtlSeconds: 7200 };
const beatAt = Date.parse('2026-11-21T12:00:00.000Z');

function session(extra: Partial<Session> = {}): Session {
  return {
    object: 'session',
    version: 1,
    id: 's-1',
    name: 's',
    kind: 'agent',
    host: 'h',
    pid: 1,
    startedAt: new Date(beatAt).toISOString(),
    heartbeatAt: new Date(beatAt).toISOString(),
    beats: 0,
    ...extra,
  };
}

describe('liveness', () => {
  it('is active up to twice the heartbeat interval', () => {
    assert.equal(livenessOf(session(), beatAt, config), 'active');
    assert.equal(livenessOf(session(), beatAt + 120_000, config), 'active');
  });

  it('is stale when the heartbeat is older than twice the interval', () => {
    assert.equal(livenessOf(session(), beatAt + 120_001, config), 'stale');
    assert.equal(livenessOf(session(), beatAt + 900_000, config), 'stale');
  });

  it('is gone after goneAfterSeconds', () => {
    assert.equal(livenessOf(session(), beatAt + 900_001, config), 'gone');
  });

  it('follows the configured thresholds', () => {
    const fast: ProtocolConfig = { heartbeatIntervalSeconds: 1, goneAfterSeconds: 10, defaultTtlSeconds: 60 };
    assert.equal(livenessOf(session(), beatAt + 2_001, fast), 'stale');
    assert.equal(livenessOf(session(), beatAt + 10_001, fast), 'gone');
  });

  it('is ended once the session stopped, however recent its beat', () => {
    assert.equal(livenessOf(session({ endedAt: new Date(beatAt).toISOString() }), beatAt, config), 'ended');
  });

  it('treats a beat from the future (clock skew) as fresh', () => {
    assert.equal(heartbeatAgeMs(session(), beatAt - 60_000), 0);
    assert.equal(livenessOf(session(), beatAt - 3_600_000, config), 'active');
  });

  it('counts active and stale sessions as alive', () => {
    assert.deepEqual(
      ['active', 'stale', 'gone', 'ended'].map((s) => isAlive(s as never)),
      [true, true, false, false],
    );
  });
});
