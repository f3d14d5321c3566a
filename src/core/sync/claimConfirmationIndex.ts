import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readClaimRefState, type Confirmation } from './claimRefState';
import type { TreeLayout } from '../store/layout';
import type { Claim } from '../records/claim';
import { isSlug } from '../store/slug';

/** What this checkout knows of a claim across computers, as views show it. */
export interface ClaimConfirmationState {
  confirmation: Confirmation;
  /** Why the last attempt to confirm it did not finish, while pending. */
  pendingReason?: string;
}

interface KnownLease {
  lease?: string;
  pendingReason?: string;
}

interface TypeEntry {
  mtimeMs: number;
  readAt: number;
  leases: Map<string, KnownLease>;
}

/** Where the confirmation states live: a path the watcher reports, and a tree cache refreshes for. */
export function claimRefsDir(layout: TreeLayout): string {
  return join(layout.localDir, 'claim-refs');
}

/** File times are coarse (a clock tick); a folder changed this close to our read may change again unseen. */
const racyMs = 100;

/**
 * The confirmation states of `.local/claim-refs/` held in memory, for a snapshot that serves every view: asking is
 * a lookup, never a file read. The holder refreshes it when the watcher reports a path there (`reread`, `rereadType`)
 * or after a sync round (`refresh`), which re-reads a claim type's folder only when its mtime moved (every state
 * write is a rename into it).
 */
export class ClaimConfirmationIndex {
  private present = false;
  private readonly types = new Map<string, TypeEntry>();

  constructor(private readonly layout: TreeLayout) {}

  private get dir(): string {
    return claimRefsDir(this.layout);
  }

  /** Undefined where this checkout never confirmed a claim (outside git, sync off): claims are simply local. */
  stateOf(claim: Claim): ClaimConfirmationState | undefined {
    if (!this.present) return undefined;
    const known = this.types.get(claim.type)?.leases.get(claim.name);
    if (known?.lease === `${claim.holder} ${claim.acquiredAt}`) return { confirmation: 'confirmed' };
    return { confirmation: 'pending', ...(known?.pendingReason ? { pendingReason: known.pendingReason } : {}) };
  }

  /** Looks at every claim type's folder, re-reading those that changed since they were read. */
  refresh(): void {
    this.present = statSync(this.dir, { throwIfNoEntry: false })?.isDirectory() === true;
    const listed = this.present ? readdirSync(this.dir).filter((name) => isSlug(name)) : [];
    for (const type of this.types.keys()) if (!listed.includes(type)) this.types.delete(type);
    for (const type of listed) this.rereadType(type, false);
  }

  /** Re-reads one claim type's folder; `force` when something there is known to have changed. */
  rereadType(type: string, force = true): void {
    if (!isSlug(type)) return;
    this.present = statSync(this.dir, { throwIfNoEntry: false })?.isDirectory() === true;
    const dir = join(this.dir, type);
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      this.types.delete(type);
      return;
    }
    const cached = this.types.get(type);
    // As git does with its index: a cache is trusted only when the folder had not changed just before it was read.
    const fresh = cached && cached.mtimeMs === stat.mtimeMs && cached.readAt - cached.mtimeMs > racyMs;
    if (fresh && !force) return;
    const readAt = Date.now();
    const leases = new Map<string, KnownLease>();
    for (const file of readdirSync(dir)) {
      const name = file.endsWith('.json') ? file.slice(0, -5) : '';
      if (isSlug(name)) leases.set(name, this.known(type, name));
    }
    this.types.set(type, { mtimeMs: stat.mtimeMs, readAt, leases });
  }

  /** Re-reads one claim's state file (the watcher reported it). */
  reread(type: string, name: string): void {
    if (!isSlug(type) || !isSlug(name)) return;
    const entry = this.types.get(type);
    if (!entry) return this.rereadType(type);
    // The whole folder may be going (forgotten when the tree became its own authority): one stat says.
    this.present = statSync(this.dir, { throwIfNoEntry: false })?.isDirectory() === true;
    entry.leases.set(name, this.known(type, name));
  }

  private known(type: string, name: string): KnownLease {
    // A state file being replaced or broken reads as empty: the claim shows as pending until the next write.
    const state = readClaimRefState(this.layout, type, name);
    const lease = state.lease;
    return {
      ...(typeof lease?.holder === 'string' && typeof lease.acquiredAt === 'string'
        ? { lease: `${lease.holder} ${lease.acquiredAt}` }
        : {}),
      ...(typeof state.pendingReason === 'string' ? { pendingReason: state.pendingReason } : {}),
    };
  }
}
