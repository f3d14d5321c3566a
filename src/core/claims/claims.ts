import { createExclusive, toJson } from '../store/atomicFile';
import { readClaimFile, viewOf } from './claimRead';
import { claimLabel, type ClaimView } from './claimView';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { refused, usageError } from '../store/errors';
import type { Liveness } from '../sessions/liveness';
import { mutateClaimFile, pause } from '../store/fileMutation';
import { pathClaimTarget, pathClaimType, resolvePathClaimName, withOverlapChecked } from './pathClaims';
import { listNames, parseRecord, readBoundedFile, readRecord } from '../records/recordReader';
import { claimSchema, type Claim } from '../records/claim';
import type { Session } from '../records/session';
import { findSession, requireOwnSession } from '../sessions/sessions';
import { sendMessage } from '../messages/messages';
import { isGoneHere } from '../sessions/ownSessions';

export type { ClaimView };

export type ClaimOutcome = 'acquired' | 'taken-over' | 'already-held';

export interface ClaimResult {
  outcome: ClaimOutcome;
  claim: Claim;
  previousHolder?: string;
}

export interface ClaimOptions {
  ttlSeconds?: number;
  reason?: string;
  /** Path claims only: may overlap other shared path claims (never an exclusive one). */
  shared?: boolean;
}

const maxAttempts = 200;

/**
 * Takes `<type>/<name>` for `sessionId`. A free name is taken by exclusive create; a claim whose lease expired,
 * or whose holder is gone, is taken over atomically; a live claim of another session is refused with its
 * holder and the end of its lease. For type `path` the name is a glob of files, refused when it overlaps a live
 * path claim of another session (unless both are shared).
 */
export function takeClaim(
  ctx: CoordContext,
  sessionId: string,
  type: string,
  name: string,
  options: ClaimOptions = {},
): ClaimResult {
  requireOwnSession(ctx, sessionId);
  if (type !== pathClaimType) {
    if (options.shared)
      throw usageError('only path claims can be shared', 'claim files (a path claim of a glob) to share them');
    return takeNamed(ctx, sessionId, type, name, options, {});
  }
  const shared = options.shared === true;
  const target = pathClaimTarget(name, sessionId, shared);
  return withOverlapChecked(ctx, sessionId, target, shared, () =>
    takeNamed(ctx, sessionId, type, target.name, options, { glob: target.glob, ...(shared ? { shared } : {}) }),
  );
}

function takeNamed(
  ctx: CoordContext,
  sessionId: string,
  type: string,
  name: string,
  options: ClaimOptions,
  subject: Pick<Claim, 'glob' | 'shared'>,
): ClaimResult {
  const path = ctx.layout.claimFile(type, name);
  const ttl = options.ttlSeconds ?? ctx.config.defaultTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 30 * 86400)
    throw usageError(`the lease length ${ttl}s must be a whole number of seconds from 1 to 30 days`);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const now = isoTime(ctx.clock.now());
    const fresh: Claim = {
      object: 'claim',
      version: 1,
      type,
      name,
      holder: sessionId,
      acquiredAt: now,
      renewedAt: now,
      ttl,
      transitions: 0,
      ...(options.reason ? { reason: options.reason } : {}),
      ...subject,
    };
    if (!claimSchema.safeParse(fresh).success)
      throw usageError('the claim reason is too long (500 characters at most) or contains control characters');
    if (createExclusive(path, toJson(fresh))) return { outcome: 'acquired', claim: fresh };

    const current = readClaimFile(path);
    if (current === undefined) continue; // released between our create and our read: try again
    const view = viewOf(ctx, current.claim, path);
    if (current.claim.holder === sessionId) {
      const renewed = { ...current.claim, renewedAt: now, ttl, ...(options.reason ? { reason: options.reason } : {}) };
      const outcome = mutateClaimFile(path, current.raw, toJson(renewed));
      if (outcome === 'done') return { outcome: 'already-held', claim: renewed };
      if (outcome === 'busy') pause(2 + attempt);
      continue;
    }
    if (!freeHere(ctx, view)) throw heldError(view);
    const takeover: Claim = { ...fresh, transitions: current.claim.transitions + 1 };
    const outcome = mutateClaimFile(path, current.raw, toJson(takeover));
    if (outcome === 'done') return { outcome: 'taken-over', claim: takeover, previousHolder: current.claim.holder };
    if (outcome === 'busy') pause(2 + attempt);
  }
  throw refused(
    `claim ${subject.glob !== undefined ? `path ${subject.glob}` : `${type}/${name}`} is changing too fast to take; try again`,
  );
}

export function renewClaim(
  ctx: CoordContext,
  sessionId: string,
  type: string,
  name: string,
  ttlSeconds?: number,
): Claim {
  requireOwnSession(ctx, sessionId);
  const path = ctx.layout.claimFile(type, type === pathClaimType ? resolvePathClaimName(ctx, name, sessionId) : name);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = readClaimFile(path);
    if (current === undefined)
      throw refused(`you do not hold ${type}/${name}: nobody claims it`, undefined, undefined, {
        action: 'take-claim',
        type,
        name,
      });
    if (current.claim.holder !== sessionId) {
      throw refused(
        `you do not hold ${type}/${name}: ${current.claim.holder} does (since ${current.claim.acquiredAt})`,
        undefined,
        { holder: current.claim.holder },
      );
    }
    const renewed: Claim = {
      ...current.claim,
      renewedAt: isoTime(ctx.clock.now()),
      ttl: ttlSeconds ?? current.claim.ttl,
    };
    const outcome = mutateClaimFile(path, current.raw, toJson(renewed));
    if (outcome === 'done') return renewed;
    if (outcome === 'busy') pause(2 + attempt);
  }
  throw refused(`claim ${type}/${name} is changing too fast to renew; try again`);
}

export interface ReleaseResult {
  claim: Claim;
  forced: boolean;
  notified?: string;
}

/** Releases a claim; only its holder may, unless `force`, which tells the old holder by message. */
export function releaseClaim(
  ctx: CoordContext,
  sessionId: string,
  type: string,
  name: string,
  force = false,
): ReleaseResult {
  const releaser = requireOwnSession(ctx, sessionId);
  const path = ctx.layout.claimFile(type, type === pathClaimType ? resolvePathClaimName(ctx, name, sessionId) : name);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = readClaimFile(path);
    if (current === undefined)
      throw refused(`${type}/${name} is not claimed`, undefined, undefined, { action: 'nothing-to-do' });
    const ownedByCaller = current.claim.holder === sessionId;
    if (!ownedByCaller && !force) {
      const view = viewOf(ctx, current.claim, path);
      throw refused(
        `you do not hold ${type}/${name}: ${current.claim.holder} does until ${view.expiresAt}`,
        undefined,
        { holder: current.claim.holder, expiresAt: view.expiresAt },
        { action: 'pass-option', option: 'force' },
      );
    }
    const outcome = mutateClaimFile(path, current.raw, null);
    if (outcome === 'done') {
      if (ownedByCaller) return { claim: current.claim, forced: false };
      const notified = notifyForceRelease(ctx, releaser, current.claim);
      return { claim: current.claim, forced: true, ...(notified ? { notified } : {}) };
    }
    if (outcome === 'busy') pause(2 + attempt);
  }
  throw refused(`claim ${type}/${name} is changing too fast to release; try again`);
}

function notifyForceRelease(ctx: CoordContext, releaser: Session, claim: Claim): string | undefined {
  const holder = findSession(ctx, claim.holder);
  if (!holder || holder.endedAt !== undefined) return undefined;
  const message = sendMessage(
    ctx,
    releaser.id,
    claim.holder,
    `Your claim ${claimLabel(claim)} was force-released`,
    `${releaser.name} (${releaser.id}) force-released your claim ${claimLabel(claim)}. Claim it again before you go on working on it.`,
    { priority: 'high', allowGone: true },
  );
  return message.id;
}

/** Renews every claim this session holds (a heartbeat does this). Returns the renewed claims. */
export function renewHeldClaims(ctx: CoordContext, sessionId: string): Claim[] {
  const renewed: Claim[] = [];
  for (const held of claimsHeldBy(ctx, sessionId)) {
    try {
      renewed.push(renewClaim(ctx, sessionId, held.type, held.name));
    } catch {
      // Taken over or released since the listing: nothing left to renew.
    }
  }
  return renewed;
}

/** Releases every claim this session holds (stopping a session does this). */
export function releaseHeldClaims(ctx: CoordContext, sessionId: string): Claim[] {
  const released: Claim[] = [];
  for (const view of listClaims(ctx).filter((v) => v.claim.holder === sessionId)) {
    try {
      released.push(releaseClaim(ctx, sessionId, view.claim.type, view.claim.name).claim);
    } catch {
      // Already gone: nothing to release.
    }
  }
  return released;
}

/**
 * The claims one session holds, for a heartbeat: a claim file that does not even mention the session is not
 * parsed, and no holder's session file is read, so a beat costs little however many claims others hold.
 */
export function claimsHeldBy(ctx: CoordContext, sessionId: string): Claim[] {
  const held: Claim[] = [];
  const sink = new DiagnosticSink();
  const needle = JSON.stringify(sessionId);
  for (const type of listNames(ctx.layout.claimsDir, sink, '', 'dir')) {
    const dir = ctx.layout.claimTypeDir(type);
    for (const name of listNames(dir, sink, '.json')) {
      const read = readBoundedFile(`${dir}/${name}.json`);
      if (!read.ok || !read.raw.includes(needle)) continue;
      const result = parseRecord(read.raw, claimSchema, 'claim');
      if (result.ok && result.value.holder === sessionId && result.value.type === type && result.value.name === name)
        held.push(result.value);
    }
  }
  return held;
}

export function listClaims(ctx: CoordContext, sink: DiagnosticSink = new DiagnosticSink()): ClaimView[] {
  const views: ClaimView[] = [];
  const holders = new Map<string, Liveness | 'unknown'>();
  for (const type of listNames(ctx.layout.claimsDir, sink, '', 'dir')) {
    const dir = ctx.layout.claimTypeDir(type);
    for (const name of listNames(dir, sink, '.json')) {
      const path = `${dir}/${name}.json`;
      const result = readRecord(path, claimSchema, 'claim');
      if (!result.ok) {
        if (!result.missing) sink.add(path, result.reason);
        continue;
      }
      if (result.value.type !== type || result.value.name !== name) {
        sink.add(path, `holds claim ${result.value.type}/${result.value.name} but lives at ${type}/${name}.json`);
        continue;
      }
      views.push(viewOf(ctx, result.value, path, holders));
    }
  }
  return views;
}

export function findClaim(ctx: CoordContext, type: string, name: string): ClaimView | undefined {
  const path = ctx.layout.claimFile(type, name);
  const current = readClaimFile(path);
  return current ? viewOf(ctx, current.claim, path) : undefined;
}

/**
 * Whether a claim may be taken over here: as its view says (lease run out, holder gone or ended), with "gone"
 * judged as this tree has seen it (isGoneHere): another computer's session is gone only when no newer heartbeat of
 * it has reached this tree for the gone threshold. A lease run out is judged again by the remote's state table,
 * against when this computer first saw it, before the takeover is confirmed.
 */
function freeHere(ctx: CoordContext, view: ClaimView): boolean {
  if (!view.free) return false;
  if (view.expired || view.holderState === 'ended') return true;
  const holder = findSession(ctx, view.claim.holder);
  return holder !== undefined && isGoneHere(ctx, holder);
}

function heldError(view: ClaimView) {
  const { claim } = view;
  return refused(
    `${claimLabel(claim)} is held by ${claim.holder} until ${view.expiresAt}${claim.reason ? ` (${claim.reason})` : ''}`,
    undefined,
    { holder: claim.holder, expiresAt: view.expiresAt, acquiredAt: claim.acquiredAt, holderState: view.holderState },
    { action: 'ask-holder', holder: claim.holder },
  );
}
