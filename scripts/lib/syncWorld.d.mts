// Types for syncWorld.mjs, so the TypeScript suites can use it.
import type { CoordResult, Rng } from './coordProcs.mjs';

export interface Clone {
  name: string;
  root: string;
  tree: string;
}

export interface World {
  dir: string;
  remote: string;
  env: Record<string, string>;
  clones: Clone[];
  addClone(name: string): Clone;
  breakRemote(): void;
  restoreRemote(): void;
  coord(clone: Clone, args: string[], session?: string, extraEnv?: Record<string, string>): Promise<CoordResult>;
  coordSync(clone: Clone, args: string[], session?: string, extraEnv?: Record<string, string>): CoordResult;
  sync(clone: Clone): Promise<any>;
  startSession(clone: Clone, name: string): string;
  cleanup(): void;
}

export function git(cwd: string, args: string[], input?: string): string;
export function createWorld(options?: { clones?: number; prefix?: string; retryDelaysMs?: number[] }): World;
export function claimRace(world: World, sessions: string[], type: string, name: string): Promise<{ winner?: string; confirmed: number; violations: string[] }>;
export function judgeClaimRaceAcrossClones(world: World, sessions: string[], results: CoordResult[], key: string): { winner?: string; confirmed: number; violations: string[] };
export function inboxIds(clone: Clone, to: string): string[];
export function deliveryScenario(
  world: World,
  options: { sessionCount: number; perSession: number; rng: Rng; concurrency?: number; onProgress?: (done: number, total: number) => void },
): Promise<{ sent: number; delivered: number; lost: number; duplicated: number; missingElsewhere: number; outages: number }>;
export function userRepoState(root: string): Record<string, unknown>;
