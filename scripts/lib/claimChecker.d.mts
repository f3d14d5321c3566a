// Types for claimChecker.mjs, so the TypeScript suites under test/cli can use it.

export interface CheckerConfig {
  worktrees?: number;
  clones?: number;
  plain?: boolean;
  agentsPerCheckout?: number;
  durationMs?: number;
  operations?: number;
  minOperations?: number;
  maxDurationMs?: number;
  stopOnExclusion?: boolean;
  slots?: number;
  items?: number;
  workItems?: number;
  globs?: string[];
  weights?: Partial<Record<'claim' | 'path' | 'next' | 'renew' | 'release' | 'done' | 'send' | 'add' | 'beat' | 'stop', number>>;
  ttl?: string;
  ttlSeconds?: number;
  goneAfterSeconds?: number;
  heartbeatIntervalSeconds?: number;
  heartbeatEveryMs?: number;
  killChance?: number;
  killWindowMs?: number;
  lateKills?: number;
  loops?: boolean;
  loopInterval?: string;
  healthInterval?: string;
  loopKills?: boolean;
  outages?: boolean;
  loopKillGapMs?: [number, number];
  loopDownMs?: [number, number];
  outageGapMs?: [number, number];
  outageMs?: [number, number];
  thinkMs?: [number, number];
  sampleEveryMs?: number;
  opTimeoutMs?: number;
  preload?: string[];
  env?: Record<string, string>;
  seed?: number;
  keep?: boolean;
  logFile?: string;
  log?: (text: string) => void;
}

export type CheckName = '0 contract' | '1 exclusion' | '2 false-loss' | '3 resurrection' | '4 delivery' | '5 takeover' | '6 files';

export interface Violation {
  check: CheckName;
  key?: string;
  keys?: string[];
  text: string;
  history?: string;
}

export interface CheckCounts {
  agentOperations: number;
  /** Why the random phase ended. */
  stoppedBy: 'duration' | 'operations' | 'exclusion' | 'time cap';
  /** stopOnExclusion: the agent operation that made the first certain overlap, and the count when it was seen. */
  firstExclusion?: { atOperation: number; afterOperations: number; t: number };
  allProcesses: number;
  byOp: Record<string, { n: number; exit0: number; exit1: number; other: number; killed: number }>;
  agents: number;
  agentsKilled: number;
  holds: number;
  confirmedHolds: number;
  fileAuthorityHolds: number;
  pendingAnswers: number;
  refusedClaims: number;
  takeovers: number;
  releases: number;
  messagesSent: number;
  notices: number;
  loopKills: number;
  outages: number;
  syncRounds: number;
  syncRoundsFailed: number;
  healthRounds: number;
  authorityUpdates: number;
  samples: number;
  maxBeatGapMs: number;
  finalLeftovers: number;
  endOfRunTakeovers: number;
  seconds: number;
}

export interface CheckResult {
  seed: number;
  config: string;
  counts: CheckCounts;
  violations: Violation[];
  byCheck: Partial<Record<CheckName, number>>;
  notes: string[];
  loops: { checkout: string; starts: number; kills: number; syncOk: number; syncFailed: number; exits: string[]; lastLines: string[] }[];
  logFile?: string;
  report(maxViolations?: number): string;
}

export const checkerPreloads: { brokenExclusiveCreate: string };
export const defaultGlobs: string[];
export const defaultWeights: Required<NonNullable<CheckerConfig['weights']>>;
export const defaultConfig: CheckerConfig;
export const boundedConfig: CheckerConfig & { minOperations: number; maxDurationMs: number };
export const fullConfig: CheckerConfig;
export const brokenConfig: CheckerConfig & { operations: number; maxDurationMs: number };
export function globsOverlap(a: string, b: string): boolean;
export function runClaimCheck(options?: CheckerConfig): Promise<CheckResult>;
export function formatSummary(result: CheckResult): string;
export function formatReport(result: CheckResult, maxViolations?: number): string;
