import type { GitRunner } from '../sync/gitRunner';

export const guardModes = ['refuse', 'warn', 'off'] as const;
export type GuardMode = (typeof guardModes)[number];

export interface GuardSetting {
  mode: GuardMode;
  /** Where the mode came from, for the message: `COORD_GUARD`, `git config coord.guard`, or the default. */
  source: string;
  /** A value that is not a mode, kept to say so; the guard then refuses, as by default. */
  invalid?: string;
}

/**
 * The guard's mode: COORD_GUARD for one command (`COORD_GUARD=warn git commit …`), else `git config coord.guard`
 * (per repository, or --global for all), else refuse. An unknown value refuses and says why, rather than silently
 * dropping a guard someone meant to keep.
 */
export async function readGuardSetting(git: GitRunner, envValue: string | undefined): Promise<GuardSetting> {
  if (envValue !== undefined && envValue !== '') return judge(envValue, 'COORD_GUARD');
  // --default makes git print something when the key is unset, so an absent key is not an error exit.
  const configured = (await git.run(['config', '--default', 'refuse', '--get', 'coord.guard'])).trim();
  return judge(configured, 'git config coord.guard');
}

function judge(raw: string, source: string): GuardSetting {
  const value = raw.trim().toLowerCase();
  if ((guardModes as readonly string[]).includes(value)) return { mode: value as GuardMode, source };
  return { mode: 'refuse', source, invalid: raw };
}
