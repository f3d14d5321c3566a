import { closeSync, existsSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic, safeUnlink } from './atomicFile';
import { errnoCode, ioError } from './errors';
import { textFingerprint } from './randomBytes';

/**
 * A mutation lock older than this belongs to a process that died mid-mutation (a mutation takes milliseconds). A
 * holder on this computer that died is seen at once by its pid, so this only covers holders elsewhere; it is long
 * so that a process stalled on a heavily loaded machine is never taken for a dead one.
 */
export const staleLockMs = 60_000;

export type MutationOutcome = 'done' | 'changed' | 'busy';

/**
 * Replaces (or deletes, when `next` is null) a claim file, but only if it still holds exactly `observedRaw`.
 *
 * Every change to an existing claim (renew, release, takeover, force-release) goes through here. Mutators of one
 * observed state first create a lock named after that state's hash with exclusive create, so exactly one of them
 * proceeds; it re-reads the file, and only if the bytes are unchanged does it rename the new state over or delete.
 * Nothing else changes an existing claim file, so between the re-read and the write nobody can slip in.
 * A lock left by a killed process goes stale and the next generation of the lock is used.
 */
export function mutateClaimFile(path: string, observedRaw: string, next: string | null): MutationOutcome {
  const lock = acquireLock(join(dirname(path), `.${basename(path)}.${textFingerprint(observedRaw)}`));
  if (lock === undefined) return 'busy';
  try {
    let current: string;
    try {
      current = readFileSync(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return 'changed';
      throw ioError('read', path, error);
    }
    if (current !== observedRaw) return 'changed';
    // Someone judged this process dead and moved to the next lock generation: it goes ahead, this one backs off.
    if (lock.superseded()) return 'busy';
    if (next === null) {
      try {
        unlinkSync(path);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw ioError('delete', path, error);
      }
    } else {
      writeFileAtomic(path, next);
    }
    return 'done';
  } finally {
    lock.release();
  }
}

/**
 * Holds the claim file at exactly `observedRaw` while an async step runs (a push of those bytes to the remote): the
 * same lock every change of those bytes takes, so no release or renewal of them lands between the check and the
 * step. Returns the lock to release, or 'changed' (the file no longer holds those bytes) or 'busy'.
 */
export function holdClaimFile(path: string, observedRaw: string): HeldLock | 'changed' | 'busy' {
  const lock = acquireLock(join(dirname(path), `.${basename(path)}.${textFingerprint(observedRaw)}`));
  if (lock === undefined) return 'busy';
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== observedRaw) {
    lock.release();
    return 'changed';
  }
  return lock;
}

export interface HeldLock {
  /** Someone judged this process dead and took the next generation of the lock: do not write, back off. */
  superseded(): boolean;
  release(): void;
}

/**
 * Takes the lock named `lockBase` by exclusive create, or returns undefined when a live process holds it. A
 * lock left by a dead process (or older than the stale time) is passed over to its next generation.
 */
export function acquireLock(lockBase: string): HeldLock | undefined {
  const files = acquireLockFiles(lockBase);
  if (files === undefined) return undefined;
  const nextGeneration = `${lockBase}.${files.length}.lock`;
  return {
    superseded: () => existsSync(nextGeneration),
    release: () => {
      for (const file of files) safeUnlink(file);
    },
  };
}

/** Returns the lock files to remove afterwards (ours and the stale ones before it), or undefined when a live holder has it. */
function acquireLockFiles(lockBase: string): string[] | undefined {
  const seen: string[] = [];
  for (let generation = 0; generation < 100; generation++) {
    const lock = `${lockBase}.${generation}.lock`;
    try {
      const fd = openSync(lock, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid} ${thisHost}\n`);
      } finally {
        closeSync(fd);
      }
      seen.push(lock);
      return seen;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw ioError('create lock', lock, error);
    }
    let ageMs: number;
    try {
      ageMs = Date.now() - statSync(lock).mtimeMs;
    } catch {
      // Removed between our create and stat: its holder finished; try this generation again next round.
      return undefined;
    }
    if (ageMs < staleLockMs && !holderIsDead(lock, ageMs)) return undefined;
    seen.push(lock);
  }
  return undefined;
}

const thisHost = hostname();

/**
 * A lock whose holder was a process of this computer that no longer exists is stale at once, so a writer
 * killed mid-mutation does not hold up the next heartbeat for the full stale time. An empty lock (its holder is
 * between create and write) is live.
 */
/**
 * A holder writes its pid and host right after creating the lock, so a lock still empty this long after its creation
 * belongs to a process killed in between (seen: a `coord send` SIGKILLed there kept its session from sending for the
 * whole stale period).
 */
const emptyLockGraceMs = 1_000;

function holderIsDead(lock: string, ageMs: number): boolean {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return false;
  }
  if (text.trim() === '') return ageMs > emptyLockGraceMs;
  const [pidText, host] = text.trim().split(' ');
  const pid = Number(pidText);
  if (host !== thisHost || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errnoCode(error) === 'ESRCH';
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** A short synchronous pause between retries; the core's file operations are synchronous by design. */
export function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
