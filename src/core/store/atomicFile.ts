import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomPart } from './ids';
import { errnoCode, ioError } from './errors';

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Temporary files start with "." so that listings, which only accept slugs, never mistake one for a record. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomPart(8)}.tmp`);
}

function writeFlushed(path: string, data: string): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Writes through a flushed temporary file renamed over the target: a reader sees the old or the new file, never a torn one. */
export function writeFileAtomic(path: string, data: string): void {
  const temp = tempPathFor(path);
  try {
    ensureDir(dirname(path));
    writeFlushed(temp, data);
    renameSync(temp, path);
  } catch (error) {
    safeUnlink(temp);
    throw ioError('write', path, error);
  }
}

/**
 * Creates `path` only if it does not exist yet; of any number of racing processes exactly one gets `true`.
 * The content is complete before the name appears (a hard link of a flushed temporary file), so a racer that
 * loses never reads a half-written winner.
 */
export function createExclusive(path: string, data: string): boolean {
  const temp = tempPathFor(path);
  try {
    ensureDir(dirname(path));
    writeFlushed(temp, data);
    try {
      linkSync(temp, path);
      return true;
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') return false;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') return createWithOpenExclusive(path, data);
      throw error;
    }
  } catch (error) {
    throw ioError('create', path, error);
  } finally {
    safeUnlink(temp);
  }
}

/** For file systems without hard links: `open(path, 'wx')` keeps the exclusivity, at the cost of a brief empty file. */
function createWithOpenExclusive(path: string, data: string): boolean {
  try {
    writeFlushed(path, data);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
}

export function safeUnlink(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
