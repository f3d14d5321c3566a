// Host messages for the dashboard page, of any size, for the webview tests and the benchmark. Shapes follow
// src/dashboard/protocol.ts.

const states = ['active', 'active', 'active', 'stale', 'gone', 'ended'];
const kinds = ['claimed', 'renewed', 'released', 'joined', 'messageSent', 'takenOver', 'stale', 'expired'];
const priorities = ['normal', 'normal', 'high', 'low', 'critical'];

/** Crockford base32 like real message ids, sorting by time. */
function messageId(ms, n) {
  const a = '0123456789abcdefghjkmnpqrstvwxyz';
  let t = '';
  let v = ms;
  for (let i = 0; i < 10; i++) {
    t = a[v % 32] + t;
    v = Math.floor(v / 32);
  }
  let r = '';
  let x = n + 1;
  for (let i = 0; i < 16; i++) {
    r = a[x % 32] + r;
    x = Math.floor(x / 32);
  }
  return t + r;
}

export function sessionRow(i, now, overrides = {}) {
  const state = states[i % states.length];
  return {
    id: `agent-${i}-x${(i * 7919) % 100000}`,
    name: `agent ${i}`,
    role: ['backend', 'frontend', 'qa', 'docs'][i % 4],
    kind: i % 9 === 0 ? 'human' : 'agent',
    host: `host-${i % 3}`,
    state,
    startedAt: now - 3_600_000 - i * 1000,
    heartbeatAt: now - (state === 'active' ? 5_000 : state === 'stale' ? 200_000 : 2_000_000) - (i % 30) * 1000,
    ...(state === 'ended' ? { endedAt: now - 60_000 } : {}),
    action: 'editing',
    target: `src/module${i % 50}/file${i}.ts`,
    phase: ['design', 'implement', 'test', 'review'][i % 4],
    progress: (i * 13) % 101,
    ...overrides,
  };
}

export function claimRow(i, holder, now, overrides = {}) {
  const type = ['issue', 'module', 'file', 'work'][i % 4];
  const name = `${type}-${i}`;
  return {
    key: `${type}/${name}`,
    type,
    name,
    holder,
    acquiredAt: now - 600_000,
    renewedAt: now - 60_000,
    expiresAt: now + ((i * 37) % 7200) * 1000 - 300_000,
    ttlSeconds: 7200,
    transitions: i % 5 === 0 ? 1 : 0,
    reason: `working on ${name}`,
    ...overrides,
  };
}

export function messageRow(i, from, to, now, overrides = {}) {
  const sentAt = now - (10_000 - (i % 10_000)) * 30_000 - Math.floor(i / 10_000);
  const id = messageId(sentAt, i);
  return {
    id,
    from,
    to,
    subject: `Status update ${i}`,
    body: `Finished step ${i}; the tests pass. Next I will look at the follow-up in module ${i % 50}.`,
    priority: priorities[i % priorities.length],
    sentAt,
    read: i % 3 !== 0,
    ...overrides,
  };
}

export function activityRow(seq, session, now) {
  return { seq, at: now - seq * 1000, kind: kinds[seq % kinds.length], session, claim: `issue/issue-${seq}`, subject: `note ${seq}`, to: 'broadcast' };
}

export function context(overrides = {}) {
  return {
    roots: [{ path: '/work/shop', label: 'shop', hasTree: true }],
    rootPath: '/work/shop',
    rootLabel: 'shop',
    hasTree: true,
    selfId: 'agent-0-x0',
    heartbeatIntervalSeconds: 60,
    goneAfterSeconds: 900,
    expiringSoonSeconds: 300,
    problems: 0,
    ...overrides,
  };
}

/** A snapshot of the given size. Message threads: every fourth message replies to the one before it. */
export function snapshot({ sessions = 10, claims = 20, messages = 30, activity = 50, now = Date.now(), revision = 1 } = {}) {
  const s = Array.from({ length: sessions }, (_, i) => sessionRow(i, now));
  const c = Array.from({ length: claims }, (_, i) => claimRow(i, s[i % s.length].id, now));
  const m = [];
  for (let i = 0; i < messages; i++) {
    const from = s[(i % (s.length - 1)) + 1]?.id ?? s[0].id;
    const row = messageRow(i, from, i % 2 ? 'broadcast' : s[0].id, now);
    if (i % 4 === 3 && m[i - 1]) row.replyTo = m[i - 1].id;
    m.push(row);
  }
  const a = Array.from({ length: activity }, (_, i) => activityRow(activity - i, s[i % s.length].id, now));
  return { type: 'snapshot', revision, now, context: context({ selfId: s[0].id }), sessions: s, claims: c, messages: m, activity: a };
}
