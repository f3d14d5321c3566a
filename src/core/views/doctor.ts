import { readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { safeUnlink } from '../store/atomicFile';
import { listClaims } from '../claims/claims';
import type { CoordContext } from '../records/context';
import { DiagnosticSink, type Diagnostic } from '../store/diagnostics';
import { TreeLayout } from '../store/layout';
import { listNames, listRecords, readRecord } from '../records/recordReader';
import { messageSchema } from '../records/message';
import { protocolFileSchema } from '../records/protocolFile';
import { servicesFileSchema } from '../records/services';
import { listSessions } from '../sessions/sessions';
import { listWork } from '../work/work';

const expectedTopLevel = new Set([
  'protocol.json',
  'README.md',
  'STATUS.md',
  'services.json',
  'sessions',
  'claims',
  'messages',
  'work',
  'milestones',
  'reports',
]);

/** Temporary and lock files older than this were left by a killed writer. */
export const leftoverAgeMs = 60_000;

export interface DoctorReport {
  dir: string;
  checked: number;
  problems: Diagnostic[];
  /** Dot-files left by killed writers: harmless, never read, removed with `clean`. */
  leftovers: string[];
  cleaned: number;
}

/** Validates every file of the tree and names each problem with its path and reason. Never changes a record. */
export function runDoctor(ctx: CoordContext, options: { clean?: boolean } = {}): DoctorReport {
  const layout = ctx.layout;
  const sink = new DiagnosticSink();
  let checked = 0;

  const protocol = readRecord(layout.protocolFile, protocolFileSchema, 'protocol');
  checked++;
  if (!protocol.ok) sink.add(layout.protocolFile, protocol.missing ? 'is missing; run `coord init`' : protocol.reason);

  for (const entry of safeList(layout.dir)) {
    if (entry.startsWith('.') || expectedTopLevel.has(entry)) continue;
    sink.add(join(layout.dir, entry), 'does not belong in the coordination tree');
  }

  checked += listSessions(ctx, sink).length;
  // listWork would list the claims again on its own and report each bad claim file a second time.
  const claims = listClaims(ctx, sink);
  checked += claims.length;
  checked += listWork(ctx, sink, claims).length;
  for (const folder of listNames(layout.messagesDir, sink, '', 'dir')) {
    for (const record of listRecords(layout.inboxDir(folder), messageSchema, 'message', sink)) {
      checked++;
      if (record.value.id !== record.name || record.value.to !== folder) {
        sink.add(
          record.path,
          `holds message ${record.value.id} to ${record.value.to} but lives at ${folder}/${record.name}.json`,
        );
      }
    }
  }
  const services = readRecord(layout.servicesFile, servicesFileSchema, 'services');
  if (services.ok) checked++;
  else if (!services.missing) sink.add(layout.servicesFile, services.reason);
  checked += listNames(layout.milestonesDir, sink, '.md').length;

  // File times are the real clock's, so leftovers are judged by it too (not the context's, which tests move).
  const leftovers = findLeftovers(layout, Date.now());
  let cleaned = 0;
  if (options.clean) for (const path of leftovers) if (safeUnlink(path)) cleaned++;
  return { dir: layout.dir, checked, problems: sink.items, leftovers, cleaned };
}

function findLeftovers(layout: TreeLayout, nowMs: number): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const name of safeList(dir)) {
      const path = join(dir, name);
      if (name === '.local' || name === '.gitignore') continue;
      let stat;
      try {
        stat = lstatSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory() && !stat.isSymbolicLink()) {
        if (depth < 3) visit(path, depth + 1);
      } else if (
        name.startsWith('.') &&
        (name.endsWith('.tmp') || name.endsWith('.lock')) &&
        nowMs - stat.mtimeMs > leftoverAgeMs
      ) {
        found.push(path);
      }
    }
  };
  visit(layout.dir, 0);
  return found;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
