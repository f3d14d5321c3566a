import { maxRecordBytes, parseRecord } from '../records/recordReader';
import { claimSchema, type Claim } from '../records/claim';
import { messageSchema, type Message } from '../records/message';
import { sessionSchema, type Session } from '../records/session';
import { workItemSchema, type WorkItem } from '../records/workItem';
import { treePathKind } from './syncPaths';

export type ParsedRecord =
  | { kind: 'session'; value: Session }
  | { kind: 'claim'; value: Claim }
  | { kind: 'message'; value: Message }
  | { kind: 'work'; value: WorkItem }
  | { kind: 'other' };

/**
 * Parses a synced file by what its path says it is, with the same checks the readers apply (schema, version,
 * size, and that the record names the file it lives in). A string is the reason it is not a valid record.
 */
export function parseTreeFile(path: string, text: string): ParsedRecord | string {
  const kind = treePathKind(path);
  if (kind.kind === 'other') return { kind: 'other' };
  if (Buffer.byteLength(text) > maxRecordBytes) return `is over the ${maxRecordBytes}-byte limit for a record`;
  switch (kind.kind) {
    case 'session': {
      const r = parseRecord(text, sessionSchema, 'session');
      if (!r.ok) return reason(r);
      return r.value.id === kind.id
        ? { kind: 'session', value: r.value }
        : `holds session ${r.value.id} but is named ${kind.id}.json`;
    }
    case 'claim': {
      const r = parseRecord(text, claimSchema, 'claim');
      if (!r.ok) return reason(r);
      return r.value.type === kind.type && r.value.name === kind.name
        ? { kind: 'claim', value: r.value }
        : `holds claim ${r.value.type}/${r.value.name} but lives at ${kind.type}/${kind.name}.json`;
    }
    case 'message': {
      const r = parseRecord(text, messageSchema, 'message');
      if (!r.ok) return reason(r);
      return r.value.id === kind.id && r.value.to === kind.to
        ? { kind: 'message', value: r.value }
        : `holds message ${r.value.id} to ${r.value.to} but lives at ${kind.to}/${kind.id}.json`;
    }
    case 'work': {
      const r = parseRecord(text, workItemSchema, 'work');
      if (!r.ok) return reason(r);
      return r.value.id === kind.id
        ? { kind: 'work', value: r.value }
        : `holds work item ${r.value.id} but is named ${kind.id}.json`;
    }
  }
}

/** The reason a file is not a valid record, or undefined when it is one (or is not a record at all). */
export function recordProblem(path: string, text: string): string | undefined {
  const parsed = parseTreeFile(path, text);
  return typeof parsed === 'string' ? parsed : undefined;
}

function reason(r: { ok: false; missing: true } | { ok: false; missing: false; reason: string }): string {
  return r.missing ? 'is missing' : r.reason;
}
