import type { Claim } from '../records/claim';
import { parseTreeFile } from './syncRecords';

/** The claim a blob holds, when its text (from `texts`) is a valid claim record for `path`. */
export function claimOf(path: string, oid: string | null | undefined, texts: Map<string, string>): Claim | undefined {
  if (!oid) return undefined;
  const text = texts.get(oid);
  const parsed = text === undefined ? undefined : parseTreeFile(path, text);
  return parsed && typeof parsed !== 'string' && parsed.kind === 'claim' ? parsed.value : undefined;
}
