// Types for generateTree.mjs.
import type { Rng } from './coordProcs.mjs';

export function makeRng(seed?: number): Rng;
export function encodeTime(ms: number, length?: number): string;
export function randomPart(rng: Rng, length: number): string;
export function messageId(rng: Rng, ms: number): string;
export function slugify(text: string, maxLength?: number, fallback?: string): string;
export function toJson(value: unknown): string;
export const defaultProtocol: { heartbeatIntervalSeconds: number; goneAfterSeconds: number; defaultTtlSeconds: number };

export interface GenerateOptions {
  sessions?: number;
  claims?: number;
  messages?: number;
  workItems?: number;
  broadcastShare?: number;
  focusMessages?: number;
  now?: number;
  seed?: number;
  protocol?: typeof defaultProtocol;
}

export interface GeneratedTree {
  root: string;
  dir: string;
  sessionIds: string[];
  activeSessionIds: string[];
  focusSession: string | undefined;
  workIds: string[];
  claimFiles: string[];
  counts: Record<string, number>;
}

export function generateTree(root: string, options?: GenerateOptions): GeneratedTree;
