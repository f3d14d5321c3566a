import assert from 'node:assert/strict';
import { defaultSyncSettings, syncEnvironment, syncSettingsFrom } from '../../../src/core/sync/syncSettings';

describe('syncSettings', () => {
  it('the environment from syncEnvironment gives coord the same settings back', () => {
    for (const settings of [
      defaultSyncSettings,
      { enabled: false, remote: 'origin', branch: 'coordination' },
      { enabled: true, remote: 'upstream', branch: 'team-coordination' },
    ]) {
      const env = syncEnvironment(settings);
      assert.deepEqual(syncSettingsFrom(env), settings);
    }
  });

  it('leaves defaults unset and says off only when sync is off', () => {
    assert.deepEqual(syncEnvironment(defaultSyncSettings), {
      COORD_SYNC: undefined,
      COORD_SYNC_REMOTE: undefined,
      COORD_SYNC_BRANCH: undefined,
    });
    assert.equal(syncEnvironment({ ...defaultSyncSettings, enabled: false }).COORD_SYNC, 'off');
  });
});
