import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Confirmation } from './claimRefState';
import type { TreeLayout } from '../store/layout';
import type { Claim } from '../records/claim';

interface TypeEntry {
  mtimeMs: number;
  readAt: number;
  leases: Map<string, string>;
}

/** File times are coarse (a clock tick); a folder changed this close to our read may change again unseen. */
const racyMs = 100;

/**
 * Pending/confirmed for many claims at once (views, the dashboard), without reading one state file per claim
 * on every render: a claim type's leases are read again only when its folder in `.local/claim-refs/` changed
 * (every state write is a rename into it, which moves the folder's mtime), and within one synchronous pass —
 * one render — each folder is looked at once.
 */
export class ClaimConfirmationIndex {
  private readonly types = new Map<string, TypeEntry>();
  private pass: { present: boolean; checked: Map<string, Map<string, string>> } | undefined;

  constructor(private readonly layout: TreeLayout) {}

  private get dir(): string {
    return join(this.layout.localDir, 'claim-refs');
  }

  /** Undefined where this checkout never confirmed a claim (outside git, sync off): claims are simply local. */
  confirmationOf(claim: Claim): Confirmation | undefined {
    if (!this.pass) {
      this.pass = { present: statSync(this.dir, { throwIfNoEntry: false })?.isDirectory() === true, checked: new Map() };
      queueMicrotask(() => (this.pass = undefined));
    }
    if (!this.pass.present) return undefined;
    let leases = this.pass.checked.get(claim.type);
    if (!leases) this.pass.checked.set(claim.type, (leases = this.leasesOf(claim.type)));
    return leases.get(claim.name) === `${claim.holder} ${claim.acquiredAt}` ? 'confirmed' : 'pending';
  }

  private leasesOf(type: string): Map<string, string> {
    const dir = join(this.dir, type);
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return new Map();
    const cached = this.types.get(type);
    // As git does with its index: a cache is trusted only when the folder had not changed just before it was read.
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.readAt - cached.mtimeMs > racyMs) return cached.leases;
    const readAt = Date.now();
    const leases = new Map<string, string>();
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json') || file.startsWith('.')) continue;
      try {
        const state = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { lease?: { holder?: unknown; acquiredAt?: unknown } };
        if (typeof state.lease?.holder === 'string' && typeof state.lease.acquiredAt === 'string') leases.set(file.slice(0, -5), `${state.lease.holder} ${state.lease.acquiredAt}`);
      } catch {
        // A state file being replaced or broken: the claim shows as pending until the next write.
      }
    }
    this.types.set(type, { mtimeMs: stat.mtimeMs, readAt, leases });
    return leases;
  }
}
