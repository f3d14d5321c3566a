// Writes a valid coordination tree of any size directly to disk (no CLI, no core): sessions, claims, messages
// and work items that match src/core/records/*, with ids in the formats of src/core/store/ids.ts. Used by the bench and
// the stress script to build trees of 1,000 sessions / 5,000 claims / 100,000 messages in seconds.
//
//   import { generateTree } from './lib/generateTree.mjs';
//   const tree = generateTree('/tmp/x', { sessions: 1000, claims: 5000, messages: 100000 });
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Crockford base32, lowercase (src/core/store/ids.ts).
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** A small seeded PRNG (mulberry32) so a tree can be generated again identically. */
export function makeRng(seed = 1) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

export function encodeTime(ms, length = 10) {
  let out = '';
  let value = ms;
  for (let i = 0; i < length; i++) {
    out = alphabet[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

export function randomPart(rng, length) {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng.next() * 32)];
  return out;
}

/** A ULID-style message id: 10 characters of millisecond time, then 16 random ones (src/core/store/ids.ts newMessageId). */
export function messageId(rng, ms) {
  return encodeTime(ms) + randomPart(rng, 16);
}

export function slugify(text, maxLength = 40, fallback = 'x') {
  const slug = text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, maxLength).replace(/-+$/, '');
  return slug.length > 0 ? slug : fallback;
}

/** The same serialization as src/core/store/atomicFile.ts toJson. */
export function toJson(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const iso = (ms) => new Date(ms).toISOString();

export const defaultProtocol = { heartbeatIntervalSeconds: 60, goneAfterSeconds: 900, defaultTtlSeconds: 7200 };

const actions = ['editing', 'testing', 'reviewing', 'reading', 'building'];
const phases = ['plan', 'implement', 'test', 'review'];
const claimTypes = ['issue', 'module', 'file', 'pr'];
const words = ['parser', 'cache', 'auth', 'billing', 'search', 'index', 'queue', 'worker', 'docs', 'api', 'ui', 'sync'];

/**
 * Generates a tree under `<root>/docs/coordination`.
 *
 * Options: sessions, claims, messages, workItems (counts); broadcastShare (share of messages sent to broadcast);
 * focusMessages (direct messages to the first session, the one a bench reads the inbox of); now (ms); seed.
 * Session liveness is spread: ~70% active, 10% stale, 10% gone, 10% ended; the first session is always active.
 * Claims are held by active sessions and live for 2 h. Returns the ids it wrote.
 */
export function generateTree(root, options = {}) {
  const o = {
    sessions: 1000, claims: 5000, messages: 100000, workItems: 200, broadcastShare: 0.02, focusMessages: 2000,
    now: Date.now(), seed: 1, protocol: defaultProtocol, ...options,
  };
  const rng = makeRng(o.seed);
  const now = o.now;
  const dir = join(root, 'docs', 'coordination');
  const sessionsDir = join(dir, 'sessions');
  const claimsDir = join(dir, 'claims');
  const messagesDir = join(dir, 'messages');
  const workDir = join(dir, 'work');
  for (const d of [sessionsDir, claimsDir, messagesDir, workDir, join(dir, 'milestones'), join(dir, 'reports'), join(dir, '.local')]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(join(dir, 'protocol.json'), toJson({ object: 'protocol', version: 1, ...o.protocol }));
  writeFileSync(join(dir, '.gitignore'), '.local/\n');
  writeFileSync(join(dir, 'README.md'), '# Coordination tree (generated)\n');
  const hbMs = o.protocol.heartbeatIntervalSeconds * 1000;
  const goneMs = o.protocol.goneAfterSeconds * 1000;

  // Sessions.
  const sessionIds = [];
  const active = [];
  const taken = new Set();
  for (let i = 0; i < o.sessions; i++) {
    const name = i === 0 ? 'bench focus' : `${rng.pick(words)} agent ${i}`;
    let id;
    do id = `${slugify(name, 40, 'session')}-${randomPart(rng, 6)}`; while (taken.has(id));
    taken.add(id);
    const roll = i === 0 ? 0 : rng.next();
    let heartbeatAgeMs;
    let ended = false;
    if (roll < 0.7) heartbeatAgeMs = rng.int(0, hbMs - 1);
    else if (roll < 0.8) heartbeatAgeMs = rng.int(2 * hbMs + 1000, goneMs - 1000);
    else if (roll < 0.9) heartbeatAgeMs = rng.int(goneMs + 1000, goneMs + 86_400_000);
    else {
      heartbeatAgeMs = rng.int(1000, 86_400_000);
      ended = true;
    }
    const heartbeatAt = now - heartbeatAgeMs;
    const startedAt = heartbeatAt - rng.int(0, 8 * 3_600_000);
    const session = {
      object: 'session', version: 1, id, name,
      ...(rng.chance(0.5) ? { role: rng.pick(['backend', 'frontend', 'reviewer', 'tester']) } : {}),
      kind: rng.chance(0.9) ? 'agent' : 'human',
      host: `host-${rng.int(1, 8)}`,
      pid: rng.int(100, 99999),
      startedAt: iso(startedAt),
      heartbeatAt: iso(heartbeatAt),
      beats: rng.int(0, 500),
      ...(rng.chance(0.8)
        ? { heartbeat: { action: rng.pick(actions), target: `src/${rng.pick(words)}/${rng.pick(words)}.ts`, phase: rng.pick(phases), progress: rng.int(0, 100) } }
        : {}),
      ...(ended ? { endedAt: iso(heartbeatAt + 1000) } : {}),
    };
    writeFileSync(join(sessionsDir, `${id}.json`), toJson(session));
    sessionIds.push(id);
    if (!ended && heartbeatAgeMs <= 2 * hbMs) active.push(id);
  }
  if (active.length === 0 && o.claims > 0) throw new Error('generateTree: claims need at least one active session');

  // Work items (a share of them claimed through `work/<id>` claims).
  const workIds = [];
  for (let i = 0; i < o.workItems; i++) {
    const title = `${rng.pick(['Fix', 'Add', 'Refactor', 'Test', 'Document'])} ${rng.pick(words)} ${i}`;
    let id;
    do id = `${slugify(title, 40, 'work')}-${randomPart(rng, 4)}`; while (taken.has(id));
    taken.add(id);
    const createdAt = now - rng.int(60_000, 7 * 86_400_000);
    const done = rng.chance(0.2);
    const deps = workIds.length > 0 && rng.chance(0.2) ? [rng.pick(workIds)] : [];
    const item = {
      object: 'work', version: 1, id, title, priority: rng.int(0, 100), status: done ? 'done' : 'open', dependsOn: deps,
      createdAt: iso(createdAt), ...(rng.chance(0.5) ? { createdBy: rng.pick(sessionIds) } : {}),
      updatedAt: iso(createdAt + rng.int(0, 60_000)), ...(done ? { doneBy: rng.pick(sessionIds) } : {}),
    };
    writeFileSync(join(workDir, `${id}.json`), toJson(item));
    workIds.push(id);
  }

  // Claims: work/<id> for a share of the work items, the rest spread over other types.
  const claimFiles = [];
  const madeTypeDirs = new Set();
  const writeClaim = (type, name) => {
    if (!madeTypeDirs.has(type)) {
      mkdirSync(join(claimsDir, type), { recursive: true });
      madeTypeDirs.add(type);
    }
    const renewedAt = now - rng.int(0, 600_000);
    const claim = {
      object: 'claim', version: 1, type, name, holder: rng.pick(active), acquiredAt: iso(renewedAt - rng.int(0, 3_600_000)),
      renewedAt: iso(renewedAt), ttl: 7200, transitions: rng.int(0, 3), ...(rng.chance(0.5) ? { reason: `working on ${rng.pick(words)}` } : {}),
    };
    const path = join(claimsDir, type, `${name}.json`);
    writeFileSync(path, toJson(claim));
    claimFiles.push(path);
  };
  const workClaims = Math.min(Math.floor(o.workItems / 4), o.claims);
  for (let i = 0; i < workClaims; i++) writeClaim('work', workIds[i]);
  for (let i = workClaims; i < o.claims; i++) writeClaim(claimTypes[i % claimTypes.length], `${rng.pick(words)}-${i}`);

  // Messages: focusMessages to the first session, broadcastShare to broadcast, the rest spread over every session.
  const madeInboxes = new Set();
  const counts = { direct: 0, broadcast: 0, focus: 0 };
  const focus = sessionIds[0];
  const ids = new Set();
  for (let i = 0; i < o.messages; i++) {
    let to;
    if (focus !== undefined && i < o.focusMessages) to = focus;
    else if (rng.chance(o.broadcastShare) || sessionIds.length === 0) to = 'broadcast';
    else to = rng.pick(sessionIds);
    if (!madeInboxes.has(to)) {
      mkdirSync(join(messagesDir, to), { recursive: true });
      madeInboxes.add(to);
    }
    const sentMs = now - rng.int(0, 3 * 86_400_000);
    let id;
    do id = messageId(rng, sentMs); while (ids.has(id));
    ids.add(id);
    const from = sessionIds.length ? rng.pick(sessionIds) : 'generator';
    const message = {
      object: 'message', version: 1, id, from, to, subject: `${rng.pick(['Question', 'Heads-up', 'Done', 'Review'])} about ${rng.pick(words)} #${i}`,
      body: `Message ${i} from ${from}.\nLine two: ${rng.pick(words)} ${rng.pick(words)}.`, priority: rng.pick(['low', 'normal', 'normal', 'normal', 'high', 'critical']),
      sentAt: iso(sentMs), ...(rng.chance(0.05) ? { ackRequired: true } : {}),
    };
    writeFileSync(join(messagesDir, to, `${id}.json`), toJson(message));
    if (to === focus) counts.focus++;
    if (to === 'broadcast') counts.broadcast++;
    else counts.direct++;
  }

  return {
    root, dir, sessionIds, activeSessionIds: active, focusSession: focus, workIds, claimFiles,
    counts: { sessions: sessionIds.length, active: active.length, claims: claimFiles.length, workItems: workIds.length, messages: o.messages, ...counts },
  };
}
