// Types for coordProcs.mjs, so the TypeScript suites under test/cli can use it.
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

export interface CoordResult {
  args: string[];
  session?: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  json?: any;
  jsonError?: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  session?: string;
  env?: Record<string, string>;
  preload?: string[];
  killAfterMs?: number;
  input?: string;
}

export const repoRoot: string;
export const cliPath: string;
export const preloads: { startGate: string; killAtFsCall: string; reportMaxRss: string };
export function coordEnv(session?: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
export function runCoord(args: string[], options?: RunOptions): Promise<CoordResult>;
export function runCoordSync(args: string[], options?: { cwd?: string; session?: string; env?: Record<string, string>; expectCode?: number }): CoordResult;
export function startSession(cwd: string, name: string): string;
export function raceCoord(runs: { args: string[]; session?: string }[], options?: { cwd?: string; gatePoint?: 'write' | 'start'; maxWaitMs?: number }): Promise<CoordResult[]>;
export function looksLikeCrash(result: Pick<CoordResult, 'stderr' | 'json'>): boolean;
export function judgeClaimRace(
  results: CoordResult[],
  options?: { claimFile?: string; expectOutcome?: 'acquired' | 'taken-over'; expectTransitions?: number; previousHolder?: string },
): { winner?: string; violations: string[] };
export function judgeWorkNextRace(results: CoordResult[], options: { treeDir: string; itemIds: string[] }): { claimed: Map<string, string>; violations: string[] };
export function listRecordFiles(treeDir: string): { path: string; rel: string }[];
export function recordKindOf(rel: string): 'protocol' | 'session' | 'claim' | 'message' | 'work' | undefined;
export function quickCheckRecords(treeDir: string): string[];
export const crashOps: { op: string; make(rng: Rng, session: string, sessions: string[]): { args: string[]; session: string } }[];
export function crashLoop(options: {
  cwd: string;
  sessions: string[];
  kills: number;
  rng: Rng;
  concurrency?: number;
  onKill?: (result: CoordResult) => Promise<void>;
  maxRuns?: number;
}): Promise<{ kills: number; runs: number; byOp: Record<string, { runs: number; killed: number }>; unexpected: { args: string[]; code: number | null; signal: string | null; output: string }[] }>;
