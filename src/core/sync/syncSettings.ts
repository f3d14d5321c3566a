import { assertBranchName, assertRemoteName } from './gitNames';

/** Which remote and branch carry the tree, and whether this checkout syncs at all. */
export interface SyncSettings {
  enabled: boolean;
  remote: string;
  branch: string;
  /** Waits before repeating a round whose publish was refused (default 2, 4, 8, 16 s). */
  retryDelaysMs?: number[];
}

export const defaultSyncSettings: SyncSettings = { enabled: true, remote: 'origin', branch: 'coordination' };

/**
 * Each sync loop waits its interval ± this share: computers started together (a team's morning, a script starting
 * many clones) drift apart instead of fetching and publishing in step.
 */
export const syncJitterRatio = 0.1;

/**
 * The CLI's settings: flags over COORD_SYNC / COORD_SYNC_REMOTE / COORD_SYNC_BRANCH over the defaults. The
 * extension passes its own settings (and exports these variables to its terminals) so both agree.
 */
export function syncSettingsFrom(
  env: Record<string, string | undefined>,
  flags: { remote?: string; branch?: string } = {},
): SyncSettings {
  const off = /^(0|off|false|no)$/i.test(env.COORD_SYNC ?? '');
  // COORD_SYNC_RETRY_DELAYS (milliseconds, comma-separated) is for tests and scripts that race many clones.
  const delays = (env.COORD_SYNC_RETRY_DELAYS ?? '')
    .split(',')
    .filter((d) => /^\d+$/.test(d.trim()))
    .map(Number);
  return {
    enabled: !off,
    remote: assertRemoteName(flags.remote ?? (env.COORD_SYNC_REMOTE || defaultSyncSettings.remote)),
    branch: assertBranchName(flags.branch ?? (env.COORD_SYNC_BRANCH || defaultSyncSettings.branch)),
    ...(delays.length ? { retryDelaysMs: delays } : {}),
  };
}

/**
 * The environment that makes `coord` (an agent in a terminal, an MCP server) sync as `settings` say: the inverse
 * of syncSettingsFrom. A default is left unset (undefined), so the variable is removed rather than pinned.
 */
export function syncEnvironment(
  settings: SyncSettings,
): Record<'COORD_SYNC' | 'COORD_SYNC_REMOTE' | 'COORD_SYNC_BRANCH', string | undefined> {
  return {
    COORD_SYNC: settings.enabled ? undefined : 'off',
    COORD_SYNC_REMOTE: settings.remote === defaultSyncSettings.remote ? undefined : settings.remote,
    COORD_SYNC_BRANCH: settings.branch === defaultSyncSettings.branch ? undefined : settings.branch,
  };
}
