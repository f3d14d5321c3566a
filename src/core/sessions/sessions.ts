import { hostname, userInfo } from 'node:os';
import { createExclusive, toJson, writeFileAtomic } from '../store/atomicFile';
import { isoTime } from '../store/clock';
import type { CoordContext } from '../records/context';
import { DiagnosticSink } from '../store/diagnostics';
import { badTree, refused, usageError } from '../store/errors';
import { newSessionId } from '../store/ids';
import { isAlive, livenessOf, type Liveness } from './liveness';
import { listRecords, readRecord } from '../records/recordReader';
import { sessionSchema, type Heartbeat, type Session, type SessionKind } from '../records/session';
import { assertSlug } from '../store/slug';
import { markOwnSession } from './ownSessions';

export interface StartOptions {
  name?: string;
  role?: string;
  kind?: SessionKind;
}

export function defaultSessionName(kind: SessionKind): string {
  if (kind === 'agent') return 'agent';
  try {
    return userInfo().username || hostname();
  } catch {
    return hostname();
  }
}

/** Registers a new session with a freshly minted id; the file is created exclusively, so ids never clash. */
export function startSession(ctx: CoordContext, options: StartOptions = {}): Session {
  const kind = options.kind ?? 'agent';
  const name = (options.name ?? defaultSessionName(kind)).trim();
  if (name.length === 0) throw usageError('the session name is empty');
  const now = isoTime(ctx.clock.now());
  for (let attempt = 0; attempt < 5; attempt++) {
    const session: Session = {
      object: 'session',
      version: 1,
      id: newSessionId(name),
      name,
      ...(options.role ? { role: options.role } : {}),
      kind,
      host: ctx.host,
      pid: ctx.pid,
      startedAt: now,
      heartbeatAt: now,
      beats: 0,
    };
    const parsed = sessionSchema.safeParse(session);
    if (!parsed.success) throw usageError('the session name or role is too long or contains control characters');
    // The marker first: a session file without its marker would read as another computer's.
    markOwnSession(ctx.layout, session.id);
    if (createExclusive(ctx.layout.sessionFile(session.id), toJson(session))) return session;
  }
  throw refused('could not mint a unique session id after 5 attempts');
}

/** Reads one session; a missing session is `undefined`, a broken file is an error naming it. */
export function findSession(ctx: CoordContext, id: string): Session | undefined {
  const path = ctx.layout.sessionFile(id);
  const result = readRecord(path, sessionSchema, 'session');
  if (result.ok) return result.value;
  if (result.missing) return undefined;
  throw badTree(`session file ${path} ${result.reason}`, undefined, undefined, { action: 'repair-tree', path });
}

/** The caller's own session, which must exist and not have ended. */
export function requireOwnSession(ctx: CoordContext, id: string): Session {
  const session = findSession(ctx, id);
  if (!session) {
    throw refused(`session ${id} is not registered in ${ctx.layout.dir}`, undefined, undefined, {
      action: 'register-session',
    });
  }
  if (session.endedAt !== undefined) {
    throw refused(`session ${id} ended at ${session.endedAt}`, undefined, undefined, { action: 'register-session' });
  }
  return session;
}

export function recordHeartbeat(ctx: CoordContext, id: string, beat: Heartbeat): Session {
  const session = requireOwnSession(ctx, id);
  const next: Session = {
    ...session,
    heartbeatAt: isoTime(ctx.clock.now()),
    beats: session.beats + 1,
    heartbeat: stripUndefined(beat),
  };
  if (!sessionSchema.safeParse(next).success)
    throw usageError('a heartbeat field is too long or contains control characters');
  writeFileAtomic(ctx.layout.sessionFile(id), toJson(next));
  return next;
}

export function markEnded(ctx: CoordContext, session: Session): Session {
  const ended: Session = { ...session, endedAt: isoTime(ctx.clock.now()) };
  writeFileAtomic(ctx.layout.sessionFile(session.id), toJson(ended));
  return ended;
}

export interface SessionView {
  session: Session;
  state: Liveness;
  heartbeatAgeMs: number;
}

export function listSessions(ctx: CoordContext, sink: DiagnosticSink = new DiagnosticSink()): SessionView[] {
  const now = ctx.clock.now();
  return listRecords(ctx.layout.sessionsDir, sessionSchema, 'session', sink)
    .filter((r) => {
      if (r.value.id === r.name) return true;
      sink.add(r.path, `holds session ${JSON.stringify(r.value.id)} but is named ${r.name}.json`);
      return false;
    })
    .map((r) => ({
      session: r.value,
      state: livenessOf(r.value, now, ctx.config),
      heartbeatAgeMs: Math.max(0, now - Date.parse(r.value.heartbeatAt)),
    }));
}

/** Is this session able to receive messages and hold claims right now? */
export function sessionLiveness(ctx: CoordContext, id: string): Liveness | undefined {
  const session = findSession(ctx, id);
  return session ? livenessOf(session, ctx.clock.now(), ctx.config) : undefined;
}

export function isSessionAlive(ctx: CoordContext, id: string): boolean {
  const state = sessionLiveness(ctx, id);
  return state !== undefined && isAlive(state);
}

export function validSessionId(id: string): string {
  return assertSlug('session id', id);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
