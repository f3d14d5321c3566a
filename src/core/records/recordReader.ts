import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticSink } from '../store/diagnostics';
import { errnoCode } from '../store/errors';
import { protocolVersion } from './common';
import { describeIssues, type Schema } from '../store/schemaIssues';

/** No record of the protocol is anywhere near this; a bigger file is hostile or broken and is not read. */
export const maxRecordBytes = 256 * 1024;

export type ReadResult<T> =
  { ok: true; value: T; raw: string } | { ok: false; missing: true } | { ok: false; missing: false; reason: string };

/**
 * Reads one record tolerantly: a missing file, a symlink, an oversized file, invalid JSON, another protocol
 * version or a schema mismatch each come back as a reason instead of an exception.
 */
export function readRecord<T>(path: string, schema: Schema<T>, object: string): ReadResult<T> {
  const read = readBoundedFile(path);
  if (read.ok) return parseRecord(read.raw, schema, object);
  return read.missing ? { ok: false, missing: true } : fail(read.reason);
}

export type FileRead =
  { ok: true; raw: string } | { ok: false; missing: true } | { ok: false; missing: false; reason: string };

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;

/**
 * Reads a regular file of at most maxRecordBytes without following a symlink. Where the platform has O_NOFOLLOW
 * one open + fstat replaces lstat + open (listing 6,000 records, the path lookups were a tenth of the time);
 * O_NONBLOCK keeps a hostile FIFO from hanging the open.
 */
export function readBoundedFile(path: string): FileRead {
  if (O_NOFOLLOW === undefined) return readWithLstat(path);
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | (O_NONBLOCK ?? 0));
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return { ok: false, missing: true };
    if (code === 'ELOOP') return failRead('is a symbolic link; links are never followed inside the tree');
    return failRead(`cannot be read (${code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return failRead('is not a regular file');
    if (stat.size > maxRecordBytes)
      return failRead(`is ${stat.size} bytes, over the ${maxRecordBytes}-byte limit for a record`);
    const buffer = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const n = readSync(fd, buffer, filled, stat.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { ok: true, raw: buffer.toString('utf8', 0, filled) };
  } catch (error) {
    return failRead(`cannot be read (${errnoCode(error) ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

function readWithLstat(path: string): FileRead {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return failRead('is a symbolic link; links are never followed inside the tree');
    if (!stat.isFile()) return failRead('is not a regular file');
    if (stat.size > maxRecordBytes)
      return failRead(`is ${stat.size} bytes, over the ${maxRecordBytes}-byte limit for a record`);
    return { ok: true, raw: readFileSync(path, 'utf8') };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { ok: false, missing: true };
    return failRead(`cannot be read (${errnoCode(error) ?? String(error)})`);
  }
}

function failRead(reason: string): FileRead {
  return { ok: false, missing: false, reason };
}

export function parseRecord<T>(raw: string, schema: Schema<T>, object: string): ReadResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return fail(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('is not a JSON object');
  const record = json as Record<string, unknown>;
  if (record.object !== object)
    return fail(`has "object": ${JSON.stringify(record.object)}, expected ${JSON.stringify(object)}`);
  if (record.version !== protocolVersion) {
    return fail(`has protocol version ${JSON.stringify(record.version)}; this build reads version ${protocolVersion}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail(`does not match the ${object} schema: ${describeIssues(parsed.error.issues)}`);
  return { ok: true, value: parsed.data, raw };
}

function fail(reason: string): { ok: false; missing: false; reason: string } {
  return { ok: false, missing: false, reason };
}

export interface ListedRecord<T> {
  name: string;
  path: string;
  value: T;
}

/**
 * Reads every `<slug>.json` record of a folder. Other entries are reported (names that are not slugs could
 * never have been written by the protocol) except dot-files, which are the protocol's own temporary and lock files.
 */
export function listRecords<T>(
  dir: string,
  schema: Schema<T>,
  object: string,
  sink: DiagnosticSink,
): ListedRecord<T>[] {
  const out: ListedRecord<T>[] = [];
  for (const name of listNames(dir, sink, '.json')) {
    const path = join(dir, `${name}.json`);
    const result = readRecord(path, schema, object);
    if (result.ok) out.push({ name, path, value: result.value });
    else if (!result.missing) sink.add(path, result.reason);
  }
  return out;
}

/**
 * The slug names in a folder (with `suffix` removed). A missing folder is empty. Anything else that is not a
 * dot-file is reported as not belonging to the tree.
 */
export function listNames(dir: string, sink: DiagnosticSink, suffix: string, kind: 'file' | 'dir' = 'file'): string[] {
  if (isLink(dir)) {
    // A folder of the tree that is a link (sessions -> /elsewhere) is reported, never listed: following it would
    // read records from outside the tree.
    sink.add(dir, 'is a symbolic link; links are never followed inside the tree');
    return [];
  }
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOTDIR') {
      // Only when `dir` itself is the file; a file higher up is reported where that folder is listed.
      if (isNonFolder(dir)) sink.add(dir, 'is a file where a folder belongs');
    } else if (code !== 'ENOENT') {
      sink.add(dir, `cannot be listed (${code ?? String(error)})`);
    }
    return [];
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      sink.add(path, 'is a symbolic link; links are never followed inside the tree');
      continue;
    }
    if (kind === 'dir') {
      if (!entry.isDirectory()) sink.add(path, 'is not a folder; only folders belong here');
      else if (!isSlugName(entry.name)) sink.add(path, 'has a name that is not a slug ([a-z0-9][a-z0-9._-]*)');
      else names.push(entry.name);
      continue;
    }
    if (!entry.name.endsWith(suffix) || !entry.isFile()) {
      sink.add(path, `does not belong here; only ${suffix} files are read`);
      continue;
    }
    const name = entry.name.slice(0, -suffix.length);
    if (!isSlugName(name)) sink.add(path, 'has a name that is not a slug ([a-z0-9][a-z0-9._-]*)');
    else names.push(name);
  }
  return names;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  } catch {
    return false;
  }
}

function isNonFolder(path: string): boolean {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

const slugName = /^[a-z0-9][a-z0-9._-]{0,63}$/;
function isSlugName(name: string): boolean {
  return slugName.test(name) && !name.includes('..');
}
