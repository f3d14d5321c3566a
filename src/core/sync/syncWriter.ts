import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExclusive, toJson } from '../store/atomicFile';
import type { TreeLayout } from '../store/layout';
import { randomPart } from '../store/ids';
import { refComponentProblem } from './gitNames';

/**
 * This tree's writer id, `<host>.<random>`: the name of the one ref it publishes. It is made once and kept in
 * `.local/sync/` (never synced), so two clones on one computer, or a computer renamed, stay distinct writers.
 */
export function ownWriterId(layout: TreeLayout, host: string): string {
  const file = join(layout.localDir, 'sync', 'writer.json');
  const existing = readWriter(file);
  if (existing) return existing;
  // Two processes making it at once: the exclusive create picks one, and both then read the same id.
  createExclusive(
    file,
    toJson({ writer: `${hostSlug(host)}.${randomPart(8).toLowerCase()}`, createdAt: new Date().toISOString() }),
  );
  const made = readWriter(file);
  if (!made) throw new Error(`${file} could not be read back after it was written; remove it and sync again`);
  return made;
}

/** The host as one ref component: letters, digits, "_" and "-" only, at most 40 characters. */
export function hostSlug(host: string): string {
  const slug = host
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-]+|[-]+$/g, '')
    .slice(0, 40);
  return slug || 'host';
}

function readWriter(file: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { writer?: unknown };
    return typeof parsed.writer === 'string' && refComponentProblem(parsed.writer) === undefined
      ? parsed.writer
      : undefined;
  } catch {
    return undefined;
  }
}
