import { join, relative, sep } from 'node:path';
import { claimView, type ClaimView } from '../claims/claimView';
import type { CoordContext } from '../records/context';
import { DiagnosticSink, type Diagnostic } from '../store/diagnostics';
import { heartbeatAgeMs, livenessOf, type Liveness } from '../sessions/liveness';
import { listClaims } from '../claims/claims';
import { inbox, type InboxEntry } from '../messages/messages';
import { listNames, listRecords, readRecord } from '../records/recordReader';
import { claimSchema, type Claim } from '../records/claim';
import { broadcast, messageSchema, type Message } from '../records/message';
import { sessionSchema, type Session } from '../records/session';
import { workItemSchema, type WorkItem } from '../records/workItem';
import type { SessionView } from '../sessions/sessions';
import { buildWorkViews, type WorkView } from '../work/work';
import { messageIdPattern } from '../store/ids';
import { readMessageIds } from '../messages/readMarkers';
import { computerFactPaths, readComputerFacts, type ComputerFacts } from './computerFacts';
import { ClaimConfirmationIndex, type ClaimConfirmationState } from '../sync/claimConfirmationIndex';

/**
 * A claim as the views show it: what it means now, and — where this checkout syncs — whether the authority holds
 * its lease (from `.local/claim-refs/`, held in memory like the records: rendering never reads a file).
 */
export type SnapshotClaim = ClaimView & Partial<ClaimConfirmationState>;

export interface CoordinationSnapshot {
  root: string;
  dir: string;
  now: number;
  selfId?: string;
  sessions: (SessionView & { claims: SnapshotClaim[] })[];
  claims: SnapshotClaim[];
  inbox: InboxEntry[];
  work: WorkView[];
  diagnostics: Diagnostic[];
  /** This computer's host name, which its sessions record: the Computers views tell this computer by it. */
  host: string;
  /** What the last sync round wrote about the computers and itself, and whether a round runs (see computers.ts). */
  computerFacts: ComputerFacts;
}

/** What one changed path turned out to be, so callers can tell what to refresh or announce. */
export type TreeChange =
  | { kind: 'session'; id: string; before?: Session; after?: Session }
  | { kind: 'claim'; key: string; before?: Claim; after?: Claim }
  | { kind: 'work'; id: string; before?: WorkItem; after?: WorkItem }
  | { kind: 'message'; id: string; after?: Message }
  | { kind: 'read'; id: string };

const slugName = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * The tree held in memory for a long-lived front end (the extension, `coord watch`). It loads everything once,
 * then re-reads only the files a watcher reports as changed.
 */
export class TreeCache {
  private readonly sessions = new Map<string, Session>();
  private readonly claims = new Map<string, { claim: Claim; path: string }>();
  private readonly work = new Map<string, WorkItem>();
  private readonly messages = new Map<string, Message>();
  private readIds = new Set<string>();
  private readonly problems = new Map<string, string>();
  private computerFacts: ComputerFacts = {};
  private readonly confirmations: ClaimConfirmationIndex;
  private loaded = false;

  constructor(
    readonly ctx: CoordContext,
    private selfId?: string,
  ) {
    this.confirmations = new ClaimConfirmationIndex(ctx.layout);
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  get self(): string | undefined {
    return this.selfId;
  }

  /** Switching the window's session changes which inbox is held, so the messages are read again. */
  setSelf(id: string | undefined): void {
    if (id === this.selfId) return;
    this.selfId = id;
    if (this.loaded) this.loadInbox();
  }

  loadAll(): void {
    const sink = new DiagnosticSink();
    this.sessions.clear();
    for (const r of listRecords(this.ctx.layout.sessionsDir, sessionSchema, 'session', sink)) {
      if (r.value.id === r.name) this.sessions.set(r.name, r.value);
    }
    this.claims.clear();
    for (const view of listClaims(this.ctx, sink))
      this.claims.set(`${view.claim.type}/${view.claim.name}`, { claim: view.claim, path: view.path });
    this.work.clear();
    for (const r of listRecords(this.ctx.layout.workDir, workItemSchema, 'work', sink)) {
      if (r.value.id === r.name) this.work.set(r.name, r.value);
    }
    this.problems.clear();
    for (const d of sink.items) this.problems.set(d.path, d.reason);
    this.loadInbox();
    this.computerFacts = readComputerFacts(this.ctx.layout);
    this.confirmations.refresh();
    this.loaded = true;
  }

  private loadInbox(): void {
    this.messages.clear();
    this.readIds = new Set();
    if (!this.selfId) return;
    const sink = new DiagnosticSink();
    try {
      for (const entry of inbox(this.ctx, this.selfId, {}, sink)) this.messages.set(entry.message.id, entry.message);
      this.readIds = readMessageIds(this.ctx.layout, this.selfId);
    } catch {
      // The session is unknown or ended: an empty inbox until it registers again.
    }
    for (const d of sink.items) this.problems.set(d.path, d.reason);
  }

  /** Re-reads just these paths (absolute), updating the cache; returns what changed. */
  applyChanges(paths: Iterable<string>): TreeChange[] {
    if (!this.loaded) {
      this.loadAll();
      return [];
    }
    const changes: TreeChange[] = [];
    const factPaths = computerFactPaths(this.ctx.layout);
    for (const path of new Set(paths)) {
      // No record changed, so no TreeChange: the snapshot that follows carries the new facts.
      if (factPaths.includes(path)) {
        this.computerFacts = readComputerFacts(this.ctx.layout);
        continue;
      }
      const change = this.applyOne(path);
      if (Array.isArray(change)) changes.push(...change);
      else if (change) changes.push(change);
    }
    return changes;
  }

  private applyOne(path: string): TreeChange | TreeChange[] | undefined {
    const parts = relative(this.ctx.layout.dir, path).split(sep);
    const [top, a, b, c] = parts;
    if (top === 'sessions' && parts.length === 2 && a?.endsWith('.json')) {
      const id = a.slice(0, -5);
      if (!slugName.test(id)) return undefined;
      const before = this.sessions.get(id);
      const after = this.reread(path, sessionSchema, 'session', (s) => s.id === id);
      if (after) this.sessions.set(id, after);
      else this.sessions.delete(id);
      return { kind: 'session', id, before, after };
    }
    if (top === 'claims' && parts.length === 3 && a && b?.endsWith('.json')) {
      const key = `${a}/${b.slice(0, -5)}`;
      const before = this.claims.get(key)?.claim;
      const after = this.reread(path, claimSchema, 'claim', (cl) => `${cl.type}/${cl.name}` === key);
      if (after) this.claims.set(key, { claim: after, path });
      else this.claims.delete(key);
      return { kind: 'claim', key, before, after };
    }
    if (top === 'work' && parts.length === 2 && a?.endsWith('.json')) {
      const id = a.slice(0, -5);
      const before = this.work.get(id);
      const after = this.reread(path, workItemSchema, 'work', (w) => w.id === id);
      if (after) this.work.set(id, after);
      else this.work.delete(id);
      return { kind: 'work', id, before, after };
    }
    if (top === 'messages' && parts.length === 3 && a && b?.endsWith('.json')) {
      if (!this.selfId || (a !== this.selfId && a !== broadcast)) return undefined;
      const id = b.slice(0, -5);
      if (!messageIdPattern.test(id)) return undefined;
      return this.rereadMessage(a, id);
    }
    if (top === 'messages' && parts.length === 2 && a && this.selfId && (a === this.selfId || a === broadcast)) {
      // An inbox folder appeared (a first message) or went. The watcher lists a new folder before it watches it, so
      // a file created in between is never reported on its own: re-list the folder.
      return this.rescanInbox(a);
    }
    // The markers folder alone: a first marker may have been written with its folder, and the watcher lists a new
    // folder before it watches it, so that marker is never reported on its own.
    if (top === '.local' && a === 'read' && b === undefined && this.selfId) {
      this.readIds = readMessageIds(this.ctx.layout, this.selfId);
      return undefined;
    }
    if (top === '.local' && a === 'read' && b !== undefined && b === this.selfId) {
      this.readIds = readMessageIds(this.ctx.layout, b);
      return c ? { kind: 'read', id: c } : undefined;
    }
    if (top === '.local' && a === 'claim-refs') {
      // No record changed, so no TreeChange: the snapshot that follows carries the new confirmation.
      if (b === undefined) this.confirmations.refresh();
      else if (c === undefined) this.confirmations.rereadType(b);
      else if (parts.length === 4 && c.endsWith('.json') && !c.startsWith('.')) {
        this.confirmations.reread(b, c.slice(0, -5));
      }
      return undefined;
    }
    if (top === 'claims' && parts.length === 2 && a && !a.startsWith('.')) {
      // A whole claim-type folder appeared or vanished: re-list just that folder.
      return this.rescanClaimType(a);
    }
    return undefined;
  }

  /** A message file is written once: re-reading one already held is no news (and no second notification). */
  private rereadMessage(folder: string, id: string): TreeChange | undefined {
    const before = this.messages.get(id);
    const fits = (m: Message) => m.id === id && m.to === folder && !(folder === broadcast && m.from === this.selfId);
    const after = this.reread(join(this.ctx.layout.messagesDir, folder, `${id}.json`), messageSchema, 'message', fits);
    if (after) this.messages.set(id, after);
    else this.messages.delete(id);
    if (after && before && JSON.stringify(after) === JSON.stringify(before)) return undefined;
    if (!after && !before) return undefined;
    return { kind: 'message', id, after };
  }

  /** Reports each message of the inbox folder that appeared or went, as the per-file paths would have. */
  private rescanInbox(folder: string): TreeChange[] {
    const listed = new Set(listNames(join(this.ctx.layout.messagesDir, folder), new DiagnosticSink(), '.json'));
    const ids = new Set([...listed].filter((name) => messageIdPattern.test(name)));
    for (const [id, m] of this.messages) if (m.to === folder && !listed.has(id)) ids.add(id);
    const changes: TreeChange[] = [];
    for (const id of ids) {
      const change = this.rereadMessage(folder, id);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** Reports each claim of the folder that appeared, changed or went, as the per-file path would have. */
  private rescanClaimType(type: string): TreeChange[] {
    if (!slugName.test(type)) return [];
    const before = new Map<string, Claim>();
    for (const [key, { claim }] of this.claims) {
      if (!key.startsWith(`${type}/`)) continue;
      before.set(key, claim);
      this.claims.delete(key);
    }
    const sink = new DiagnosticSink();
    const dir = this.ctx.layout.claimTypeDir(type);
    for (const name of listNames(dir, sink, '.json')) {
      const path = `${dir}/${name}.json`;
      const r = readRecord(path, claimSchema, 'claim');
      if (r.ok && r.value.type === type && r.value.name === name)
        this.claims.set(`${type}/${name}`, { claim: r.value, path });
    }
    const changes: TreeChange[] = [];
    for (const [key, old] of before) {
      const now = this.claims.get(key)?.claim;
      if (!now) changes.push({ kind: 'claim', key, before: old });
      else if (JSON.stringify(now) !== JSON.stringify(old))
        changes.push({ kind: 'claim', key, before: old, after: now });
    }
    for (const [key, { claim }] of this.claims) {
      if (key.startsWith(`${type}/`) && !before.has(key)) changes.push({ kind: 'claim', key, after: claim });
    }
    return changes;
  }

  private reread<T>(
    path: string,
    schema: Parameters<typeof readRecord<T>>[1],
    object: string,
    fits: (value: T) => boolean,
  ): T | undefined {
    const result = readRecord(path, schema, object);
    if (result.ok && fits(result.value)) {
      this.problems.delete(path);
      return result.value;
    }
    if (result.ok) this.problems.set(path, `holds a ${object} that does not match its file name`);
    else if (result.missing) this.problems.delete(path);
    else this.problems.set(path, result.reason);
    return undefined;
  }

  snapshot(): CoordinationSnapshot {
    if (!this.loaded) this.loadAll();
    const now = this.ctx.clock.now();
    const liveness = new Map<string, Liveness>();
    for (const [id, s] of this.sessions) liveness.set(id, livenessOf(s, now, this.ctx.config));
    const claims: SnapshotClaim[] = [...this.claims.values()]
      .map(({ claim, path }) => ({
        ...claimView(claim, path, liveness.get(claim.holder) ?? 'unknown', now),
        ...this.confirmations.stateOf(claim),
      }))
      .sort((x, y) => x.claim.type.localeCompare(y.claim.type) || x.claim.name.localeCompare(y.claim.name));
    const byHolder = new Map<string, SnapshotClaim[]>();
    for (const v of claims) {
      const list = byHolder.get(v.claim.holder);
      if (list) list.push(v);
      else byHolder.set(v.claim.holder, [v]);
    }
    const sessions = [...this.sessions.values()]
      .map((session) => ({
        session,
        state: liveness.get(session.id) ?? 'gone',
        heartbeatAgeMs: heartbeatAgeMs(session, now),
        claims: byHolder.get(session.id) ?? [],
      }))
      .sort((x, y) => x.session.name.localeCompare(y.session.name) || x.session.id.localeCompare(y.session.id));
    const inboxEntries = [...this.messages.values()]
      .sort((x, y) => (x.id < y.id ? -1 : 1))
      .map((message) => ({ message, read: this.readIds.has(message.id) }));
    return {
      root: this.ctx.layout.root,
      dir: this.ctx.layout.dir,
      now,
      ...(this.selfId ? { selfId: this.selfId } : {}),
      sessions,
      claims,
      inbox: inboxEntries,
      work: buildWorkViews(this.work.values(), claims),
      diagnostics: [...this.problems].map(([path, reason]) => ({ path, reason })),
      host: this.ctx.host,
      computerFacts: this.computerFacts,
    };
  }
}
