import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExclusive, toJson } from './atomicFile';
import { mutateClaimFile } from './fileMutation';
import { errnoCode } from './errors';
import { randomPart } from './ids';
import type { TreeLayout } from './layout';

/** A holder that has not refreshed its lock for this long is presumed dead and its lock may be taken over. */
export const loopLockStaleMs = 30_000;

export interface LoopLockRecord {
  name: string;
  holder: string;
  host: string;
  pid: number;
  acquiredAt: string;
  refreshedAt: string;
}

export type LoopLockResult = { acquired: true } | { acquired: false; heldBy: LoopLockRecord };

/**
 * One loop of a kind (sync, health) per checkout at a time: a lock file in `.local/locks/` with its holder and a
 * heartbeat. A stale lock — not refreshed for 30 s, or held by a dead process on this host — is taken over by
 * compare-and-swap, so two waiting processes cannot both take it.
 */
export class LoopLock {
  readonly path: string;
  private readonly holder = `${process.pid}-${randomPart(8)}`;
  private raw: string | undefined;

  constructor(
    layout: TreeLayout,
    readonly name: string,
    private readonly host: string,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(layout.localDir, 'locks', `${name}.lock.json`);
  }

  get held(): boolean {
    return this.raw !== undefined;
  }

  tryAcquire(): LoopLockResult {
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = this.record(new Date(this.now()).toISOString());
      const text = toJson(record);
      if (createExclusive(this.path, text)) {
        this.raw = text;
        return { acquired: true };
      }
      const current = this.read();
      if (!current) continue;
      if (!this.isStale(current.record)) return { acquired: false, heldBy: current.record };
      if (mutateClaimFile(this.path, current.raw, text) === 'done') {
        this.raw = text;
        return { acquired: true };
      }
    }
    const current = this.read();
    return current ? { acquired: false, heldBy: current.record } : { acquired: false, heldBy: this.record('') };
  }

  /** Keeps the lock fresh; false when it was lost (taken over after this process stalled). */
  refresh(): boolean {
    if (!this.raw) return false;
    const previous = JSON.parse(this.raw) as LoopLockRecord;
    const next = toJson({ ...previous, refreshedAt: new Date(this.now()).toISOString() });
    if (mutateClaimFile(this.path, this.raw, next) === 'done') {
      this.raw = next;
      return true;
    }
    this.raw = undefined;
    return false;
  }

  release(): void {
    if (this.raw) mutateClaimFile(this.path, this.raw, null);
    this.raw = undefined;
  }

  private record(at: string): LoopLockRecord {
    return { name: this.name, holder: this.holder, host: this.host, pid: process.pid, acquiredAt: at, refreshedAt: at };
  }

  private read(): { record: LoopLockRecord; raw: string } | undefined {
    try {
      const raw = readFileSync(this.path, 'utf8');
      return { record: JSON.parse(raw) as LoopLockRecord, raw };
    } catch (error) {
      // Unreadable (half a takeover, or garbage): treat it as a record nobody refreshes, so it goes stale.
      if (errnoCode(error) === 'ENOENT') return undefined;
      try {
        return {
          record: { name: this.name, holder: '?', host: '?', pid: 0, acquiredAt: '', refreshedAt: '' },
          raw: readFileSync(this.path, 'utf8'),
        };
      } catch {
        return undefined;
      }
    }
  }

  private isStale(record: LoopLockRecord): boolean {
    const age = this.now() - Date.parse(record.refreshedAt);
    if (!Number.isFinite(age) || age > loopLockStaleMs) return true;
    return record.host === this.host && record.pid !== process.pid && !processAlive(record.pid);
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}
