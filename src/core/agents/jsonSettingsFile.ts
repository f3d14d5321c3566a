import { readFileSync } from 'node:fs';
import { errnoCode, ioError, refused } from '../store/errors';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An agent's JSON settings file as an object: `{}` when absent. One that is not a JSON object is refused, naming
 * the file — it is the user's, and guessing at it could lose what they wrote.
 */
export function readJsonSettings(file: string): { value: JsonObject; existed: boolean } {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { value: {}, existed: false };
    throw ioError('read', file, error);
  }
  let value: unknown;
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    throw badSettings(file, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isJsonObject(value)) throw badSettings(file, 'does not hold a JSON object');
  return { value, existed: true };
}

export function badSettings(file: string, what: string): ReturnType<typeof refused> {
  return refused(
    `${file} ${what}; left as it is`,
    `fix or move ${file}, then set up the agents again`,
    { file },
    { action: 'edit-file', path: file },
  );
}

/** The object at `key` of `parent`, created when absent; anything else there is refused, naming the file. */
export function objectAt(parent: JsonObject, key: string, file: string, where: string): JsonObject {
  const value = parent[key];
  if (value === undefined) {
    const created: JsonObject = {};
    parent[key] = created;
    return created;
  }
  if (!isJsonObject(value)) throw badSettings(file, `has "${where}" that is not an object`);
  return value;
}
