import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { viewOf } from './claimRead';
import { acquireLock, mutateClaimFile, pause } from '../store/fileMutation';
import { claimLabel, type ClaimView } from './claimView';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { refused } from '../store/errors';
import type { Liveness } from '../sessions/liveness';
import { globsOverlap, normalizePathGlob, pathMatchesGlob } from '../records/pathGlob';
import { textFingerprint } from '../store/randomBytes';
import { listNames, parseRecord, readBoundedFile, readRecord } from '../records/recordReader';
import { claimSchema } from '../records/claim';
import { isSlug, slugify } from '../store/slug';

/**
 * Path claims: claims of type `path` whose subject is a glob of files. The file name (the claim's name) is a key
 * derived from the glob, so the same glob always lands on the same file — two computers claiming it race on one
 * ref — while overlapping different globs are refused under one lock per tree.
 */
export const pathClaimType = 'path';

export interface PathClaimTarget {
  glob: string;
  /** The claim's name: `<readable part>-<hash>`; a shared claim's hash also covers its holder, so several can exist. */
  name: string;
}

export function pathClaimTarget(rawGlob: string, holder: string, shared: boolean): PathClaimTarget {
  const glob = normalizePathGlob(rawGlob);
  return { glob, name: pathClaimName(glob, shared ? holder : undefined) };
}

export function pathClaimName(glob: string, sharedHolder?: string): string {
  // A cheap stable hash (no node:crypto in every claim command); a clash of two globs' keys would only make
  // them race for one file, the claim record still names its own glob.
  const hash = textFingerprint(sharedHolder === undefined ? glob : `${glob}\n${sharedHolder}`);
  return `${slugify(glob.replace(/\*\*/g, 'all').replace(/\*/g, 'any'), 40, 'path')}-${hash}`;
}

/**
 * The claim name a renew or release of a path claim means: the key itself when given one that exists (the tree
 * view and listings pass keys), otherwise the caller's shared claim of that glob if it has one, else the exclusive.
 */
export function resolvePathClaimName(ctx: CoordContext, nameOrGlob: string, sessionId: string): string {
  if (isSlug(nameOrGlob) && existsSync(ctx.layout.claimFile(pathClaimType, nameOrGlob))) return nameOrGlob;
  const glob = normalizePathGlob(nameOrGlob);
  const shared = pathClaimName(glob, sessionId);
  return existsSync(ctx.layout.claimFile(pathClaimType, shared)) ? shared : pathClaimName(glob);
}

/** Every path claim in the tree, live or not, with its holder's liveness. */
export function listPathClaims(ctx: CoordContext, sink: DiagnosticSink = new DiagnosticSink()): ClaimView[] {
  const dir = ctx.layout.claimTypeDir(pathClaimType);
  const holders = new Map<string, Liveness | 'unknown'>();
  const views: ClaimView[] = [];
  for (const name of listNames(dir, sink, '.json')) {
    const path = join(dir, `${name}.json`);
    const result = readRecord(path, claimSchema, 'claim');
    if (!result.ok) {
      if (!result.missing) sink.add(path, result.reason);
      continue;
    }
    if (result.value.type !== pathClaimType || result.value.name !== name || result.value.glob === undefined) {
      sink.add(path, 'is not a path claim with a glob under its own name');
      continue;
    }
    views.push(viewOf(ctx, result.value, path, holders));
  }
  return views;
}

/** The live path claims that cover the file or folder at `relPath` (relative to the repository root). */
export function claimsCoveringPath(views: readonly ClaimView[], relPath: string): ClaimView[] {
  return views.filter((v) => !v.free && v.claim.glob !== undefined && pathMatchesGlob(relPath, v.claim.glob));
}

/**
 * Runs `take` while no other process of this computer can take a path claim, after refusing when `glob` overlaps
 * a live path claim of another session (unless both are shared). The lock makes check-then-take one step.
 */
export function withOverlapChecked<T>(
  ctx: CoordContext,
  sessionId: string,
  target: PathClaimTarget,
  shared: boolean,
  take: () => T,
): T {
  const dir = ctx.layout.claimTypeDir(pathClaimType);
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 400; attempt++) {
    const lock = acquireLock(join(dir, '.overlap'));
    if (lock === undefined) {
      pause(2 + Math.min(attempt, 20));
      continue;
    }
    try {
      const { conflict, lapsed } = findOverlapping(ctx, sessionId, target, shared);
      if (conflict) throw overlapError(target.glob, conflict);
      if (lock.superseded()) continue;
      // An overlapping claim that is free (expired, or its holder gone) is taken over, as a named claim is: it
      // goes, so a heartbeat of its holder coming back cannot renew it into an overlap with this one. A renewal
      // that got there first makes this fail, and the next look sees the claim live.
      if (!lapsed.every(({ path, raw }) => mutateClaimFile(path, raw, null) === 'done')) continue;
      return take();
    } finally {
      lock.release();
    }
  }
  throw refused(`path claims are changing too fast to claim ${target.glob}; try again`);
}

/**
 * The first live path claim of another session that overlaps `target` (and is not shared alongside it), and the
 * free ones that would (to take over). Only claims whose glob overlaps are validated and judged, so a tree of many
 * unrelated claims costs a read and a string comparison each.
 */
function findOverlapping(
  ctx: CoordContext,
  sessionId: string,
  target: PathClaimTarget,
  shared: boolean,
): { conflict?: ClaimView; lapsed: { path: string; raw: string }[] } {
  const dir = ctx.layout.claimTypeDir(pathClaimType);
  const holders = new Map<string, Liveness | 'unknown'>();
  const lapsed: { path: string; raw: string }[] = [];
  for (const name of listNames(dir, new DiagnosticSink(), '.json')) {
    const path = join(dir, `${name}.json`);
    const read = readBoundedFile(path);
    if (!read.ok) continue;
    const glob = globOf(read.raw);
    if (glob === undefined || !overlapsSafely(glob, target.glob)) continue;
    const parsed = parseRecord(read.raw, claimSchema, 'claim');
    if (
      !parsed.ok ||
      parsed.value.type !== pathClaimType ||
      parsed.value.name !== name ||
      parsed.value.holder === sessionId
    )
      continue;
    if (shared && parsed.value.shared === true) continue;
    const view = viewOf(ctx, parsed.value, path, holders);
    if (!view.free) return { conflict: view, lapsed };
    // The same file as the target's is taken over by takeNamed itself.
    if (name !== target.name) lapsed.push({ path, raw: read.raw });
  }
  return { lapsed };
}

/** A glob from a file may be malformed (then validation reports it, and it blocks nothing). */
function overlapsSafely(fromFile: string, glob: string): boolean {
  try {
    return globsOverlap(fromFile, glob);
  } catch {
    return false;
  }
}

function globOf(raw: string): string | undefined {
  try {
    const value = JSON.parse(raw) as { glob?: unknown };
    return typeof value?.glob === 'string' ? value.glob : undefined;
  } catch {
    return undefined;
  }
}

function overlapError(glob: string, conflict: ClaimView) {
  const { claim } = conflict;
  const how = claim.shared ? 'shared ' : '';
  return refused(
    `path ${glob} overlaps ${how}${claimLabel(claim)}, held by ${claim.holder} until ${conflict.expiresAt}${claim.reason ? ` (${claim.reason})` : ''}`,
    undefined,
    {
      holder: claim.holder,
      expiresAt: conflict.expiresAt,
      acquiredAt: claim.acquiredAt,
      holderState: conflict.holderState,
      glob: claim.glob,
      name: claim.name,
      ...(claim.shared ? { shared: true } : {}),
    },
    { action: 'ask-holder', holder: claim.holder, overlapping: claim.shared ? 'shared' : 'exclusive' },
  );
}
