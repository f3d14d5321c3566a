// A generated corpus of hostile files for a coordination tree: invalid JSON, schema violations, wrong object or
// protocol version, oversized files (one of 10 MB), names that are not slugs or hold "..", symbolic links out of
// the tree, HTML and control characters in strings, folders where files belong and files where folders belong.
//
// Every entry says whether `coord doctor` must report it (and at which path) or whether it is a valid record
// whose contents are merely hostile (HTML, bidi and C1 control characters), which must be shown safely instead.
// Used by test/cli/hostile.test.ts and scripts/stress.mjs.
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { makeRng, messageId, toJson } from './generateTree.mjs';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms) => new Date(ms).toISOString();

/** A valid record of each kind, named `name` (for a message, `name` must be a message id). */
function baseRecord(kind, name, ctx) {
  const now = ctx.now;
  switch (kind) {
    case 'session':
      return { object: 'session', version: 1, id: name, name: `hostile ${name}`, kind: 'agent', host: 'hostile-host', pid: 1, startedAt: iso(now - 60_000), heartbeatAt: iso(now - 30_000), beats: 1 };
    case 'claim':
      return { object: 'claim', version: 1, type: ctx.claimType, name, holder: 'nobody-here', acquiredAt: iso(now - 60_000), renewedAt: iso(now - 60_000), ttl: 7200, transitions: 0 };
    case 'work':
      return { object: 'work', version: 1, id: name, title: `hostile ${name}`, priority: 50, status: 'open', dependsOn: [], createdAt: iso(now - 60_000), updatedAt: iso(now - 60_000) };
    case 'message':
      return { object: 'message', version: 1, id: name, from: 'nobody-here', to: ctx.inbox, subject: 'hostile', body: 'hostile body', priority: 'normal', sentAt: iso(now - 60_000) };
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

const otherKind = { session: 'claim', claim: 'work', work: 'message', message: 'session' };
const lineField = { session: 'name', claim: 'reason', work: 'title', message: 'subject' };
const idField = { session: 'id', claim: 'name', work: 'id', message: 'id' };
const timeField = { session: 'heartbeatAt', claim: 'renewedAt', work: 'createdAt', message: 'sentAt' };

/** Bad contents: each returns the file's bytes for a record of `kind` named `name`; every one must be reported. */
const badContents = [
  ['truncated JSON', (r) => JSON.stringify(r).slice(0, 40)],
  ['empty file', () => ''],
  ['null', () => 'null'],
  ['an array', () => '[]'],
  ['a string', () => '"session"'],
  ['a number', () => '42'],
  ['a byte-order mark', (r) => `\ufeff${JSON.stringify(r)}`],
  ['wrong object', (r, kind) => JSON.stringify({ ...r, object: otherKind[kind] })],
  ['protocol version 2', (r) => JSON.stringify({ ...r, version: 2 })],
  ['version as a string', (r) => JSON.stringify({ ...r, version: '1' })],
  ['no version', (r) => JSON.stringify({ ...r, version: undefined })],
  ['no object', (r) => JSON.stringify({ ...r, object: undefined })],
  ['a required field missing', (r, kind) => JSON.stringify({ ...r, [timeField[kind]]: undefined })],
  ['a field of the wrong type', (r, kind) => JSON.stringify({ ...r, [idField[kind]]: 42 })],
  ['a bad timestamp', (r, kind) => JSON.stringify({ ...r, [timeField[kind]]: 'yesterday at noon' })],
  ['terminal escapes in a one-line field', (r, kind) => JSON.stringify({ ...r, [lineField[kind]]: '\u001b[2J\u001b[31mHACKED\u0007' })],
  ['a NUL character', (r, kind) => JSON.stringify({ ...r, [lineField[kind]]: 'nul\u0000here' })],
  ['a one-line field with a newline', (r, kind) => JSON.stringify({ ...r, [lineField[kind]]: 'two\nlines' })],
  ['a field over its length limit', (r, kind) => JSON.stringify({ ...r, [lineField[kind]]: 'x'.repeat(1000) })],
  ['deep nesting', (r, kind) => `{"object":${JSON.stringify(r.object)},"version":1,"${idField[kind]}":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['a __proto__ key', (r) => `{"__proto__":{"object":${JSON.stringify(r.object)},"version":1},${JSON.stringify({ ...r, object: undefined }).slice(1)}`],
  ['a number too big for JSON', (r, kind) => JSON.stringify({ ...r, [idField[kind]]: '@@' }).replace('"@@"', '1e400')],
  ['duplicate keys', (r, kind) => JSON.stringify(r).replace(/}$/, `,"object":${JSON.stringify(otherKind[kind])}}`)],
  ['a path in the id', (r, kind) => JSON.stringify({ ...r, [idField[kind]]: '../../etc/passwd' })],
  ['an id that names another record', (r, kind, ctx) => JSON.stringify({ ...r, [idField[kind]]: kind === 'message' ? messageId(ctx.rng, ctx.now) : 'someone-else' })],
  ['HTML outside the JSON', (r) => `<html><body>${JSON.stringify(r)}</body></html>`],
  ['JSON with a trailing comma', (r) => JSON.stringify(r).replace(/}$/, ',}')],
  ['a JavaScript comment', (r) => `// hi\n${JSON.stringify(r)}`],
];

/** Invalid UTF-8 in the id: decoded to U+FFFD, which is not a slug. */
function invalidUtf8(r, kind) {
  const json = JSON.stringify({ ...r, [idField[kind]]: '@@' });
  const [before, after] = json.split('@@');
  return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(after)]);
}

/** Names that are not slugs (each holds an otherwise valid record); every one must be reported. */
const badNames = [
  (i) => `UPPER-${i}.json`,
  (i) => `with space ${i}.json`,
  (i) => `-lead-${i}.json`,
  (i) => `_under-${i}.json`,
  (i) => `caf\u00e9-${i}.json`,
  (i) => `${'l'.repeat(70)}-${i}.json`,
  (i) => `a..b-${i}.json`,
  (i) => `shout-${i}.JSON`,
  (i) => `noext-${i}`,
  (i) => `backup-${i}.json.bak`,
  (i) => `notes-${i}.txt`,
  (i) => `new\nline-${i}.json`,
  (i) => `\u001b[31mred-${i}.json`,
  (i) => `<script>alert(${i})<\u2215script>.json`,
  (i) => `win\\..\\..\\x-${i}.json`,
  (i) => `tab\t${i}.json`,
  (i) => `\u202eright-to-left-${i}.json`,
];

/**
 * Writes the corpus into the tree at `treeDir` (an initialized docs/coordination folder).
 *
 * options.count      how many hostile entries (files, folders, links) to write; default 300
 * options.outsideDir a folder outside the tree: the targets of the symbolic links live there
 * options.inbox      a valid session id whose inbox folder gets hostile messages (besides broadcast)
 * options.bigFileBytes  size of the one huge file (default 10 MB; 0 leaves it out)
 * options.seed
 *
 * Returns { entries, expected } where each entry is { rel, what, reported } (rel is relative to treeDir, with
 * "/" separators) and `expected` lists the rel path of every entry `coord doctor` must report, once each.
 */
export function generateHostileCorpus(treeDir, options = {}) {
  const { count = 300, outsideDir, inbox, bigFileBytes = 10 * 1024 * 1024, seed = 1 } = options;
  if (!outsideDir) throw new Error('generateHostileCorpus needs an outsideDir for the symbolic-link targets');
  const rng = makeRng(seed);
  const ctx = { rng, now: Date.now(), claimType: 'hostile', inbox: 'broadcast' };
  const entries = [];
  const add = (rel, what, reported) => entries.push({ rel, what, reported });
  const abs = (rel) => join(treeDir, ...rel.split('/'));
  const write = (rel, data) => {
    mkdirSync(join(abs(rel), '..'), { recursive: true });
    writeFileSync(abs(rel), data);
  };

  // Targets outside the tree: valid records, so following a link would show up as a record that should not be there.
  mkdirSync(join(outsideDir, 'claims-dir'), { recursive: true });
  mkdirSync(join(outsideDir, 'inbox-dir'), { recursive: true });
  writeFileSync(join(outsideDir, 'secret-session.json'), toJson(baseRecord('session', 'secret-session', ctx)));
  writeFileSync(join(outsideDir, 'secret-work.json'), toJson(baseRecord('work', 'secret-work', ctx)));
  writeFileSync(join(outsideDir, 'claims-dir', 'secret.json'), toJson({ ...baseRecord('claim', 'secret', ctx), type: 'linked' }));
  const outsideMessage = messageId(rng, ctx.now);
  writeFileSync(join(outsideDir, 'inbox-dir', `${outsideMessage}.json`), toJson({ ...baseRecord('message', outsideMessage, ctx), to: 'linked' }));
  writeFileSync(join(outsideDir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');

  // Record folders and how to name a record in each.
  const inboxes = ['broadcast', ...(inbox ? [inbox] : [])];
  const folders = [
    { kind: 'session', dir: 'sessions', name: (i) => `hostile-s${i}` },
    { kind: 'claim', dir: 'claims/hostile', name: (i) => `hostile-c${i}` },
    { kind: 'work', dir: 'work', name: (i) => `hostile-w${i}` },
    ...inboxes.map((to) => ({ kind: 'message', dir: `messages/${to}`, to, name: () => messageId(rng, ctx.now - rng.int(0, 86_400_000)) })),
  ];
  const recordFor = (folder, name) => baseRecord(folder.kind, name, { ...ctx, inbox: folder.to ?? 'broadcast' });

  // Entries that appear once: big files, services.json, top-level strays, links out, valid-but-hostile records.
  const once = [
    () => {
      if (bigFileBytes <= 0) return;
      const rel = 'sessions/huge-10mb.json';
      const r = baseRecord('session', 'huge-10mb', ctx);
      write(rel, `${JSON.stringify({ ...r, name: 'x'.repeat(Math.max(0, bigFileBytes - 400)) })}`);
      add(rel, `a ${Math.round(bigFileBytes / 1048576)} MB file`, true);
    },
    () => {
      const rel = 'messages/broadcast/' + messageId(rng, ctx.now) + '.json';
      write(rel, ' '.repeat(256 * 1024) + '{}');
      add(rel, 'a file just over the record size limit', true);
    },
    () => {
      const rel = 'work/hostile-big-body.json';
      write(rel, JSON.stringify({ ...baseRecord('work', 'hostile-big-body', ctx), title: 'y'.repeat(200 * 1024) }));
      add(rel, 'a 200 KB title', true);
    },
    () => {
      write('services.json', '{"object":"services","version":1,"services":[{"name":"x","url":"javascript:alert(1)"}]}');
      add('services.json', 'services.json with a javascript: URL', true);
    },
    () => {
      write('stray.txt', 'not part of the tree');
      add('stray.txt', 'a stray top-level file', true);
    },
    () => {
      mkdirSync(abs('Evil Dir'), { recursive: true });
      writeFileSync(join(abs('Evil Dir'), 'inside.json'), '{}');
      add('Evil Dir', 'a stray top-level folder', true);
    },
    () => {
      symlinkSync(outsideDir, abs('outside-link'));
      add('outside-link', 'a top-level link out of the tree', true);
    },
    () => {
      symlinkSync(join(outsideDir, 'claims-dir'), abs('claims/linked'));
      add('claims/linked', 'a claim-type folder that links out of the tree', true);
    },
    () => {
      symlinkSync(join(outsideDir, 'inbox-dir'), abs('messages/linked'));
      add('messages/linked', 'an inbox folder that links out of the tree', true);
    },
    () => {
      mkdirSync(abs('milestones'), { recursive: true });
      writeFileSync(abs('milestones/notes.txt'), 'x');
      add('milestones/notes.txt', 'a milestone that is not markdown', true);
    },
    // Valid records with hostile contents: never reported, but never printed raw either.
    () => {
      const r = {
        ...baseRecord('session', 'hostile-html-session', ctx), name: '<img src=x onerror=alert(1)>\u009b31m\u202e',
        role: '<script>alert(1)</script>', heartbeat: { action: '<b>bold</b>', target: 'src/\u0085x.ts', phase: '\u009b2J', progress: 50 },
      };
      write('sessions/hostile-html-session.json', toJson(r));
      add('sessions/hostile-html-session.json', 'HTML and C1 controls in a valid session', false);
    },
    () => {
      const r = { ...baseRecord('session', 'hostile-future-session', ctx), heartbeatAt: '2999-12-31T23:59:59.999Z' };
      write('sessions/hostile-future-session.json', toJson(r));
      add('sessions/hostile-future-session.json', 'a heartbeat in the year 2999', false);
    },
    () => {
      const r = { ...baseRecord('claim', 'hostile-html-claim', ctx), reason: '<iframe src=//evil>\u009b31m</iframe>', ttl: 30 * 86400, renewedAt: iso(T0 - 86_400_000 * 365) };
      write('claims/hostile/hostile-html-claim.json', toJson(r));
      add('claims/hostile/hostile-html-claim.json', 'HTML in a valid, long-expired claim', false);
    },
    () => {
      const r = { ...baseRecord('work', 'hostile-html-work', ctx), title: '<script>alert("work")</script>\u009b\u0085\u202e', priority: 100, dependsOn: ['missing-item'] };
      write('work/hostile-html-work.json', toJson(r));
      add('work/hostile-html-work.json', 'HTML and C1 controls in a valid work item', false);
    },
    ...inboxes.map((to) => () => {
      const id = messageId(rng, ctx.now);
      const r = {
        ...baseRecord('message', id, { ...ctx, inbox: to }), subject: '<a href="javascript:alert(1)">click</a>\u009b31m\u202e',
        body: '<script>alert(1)</script>\n\u009b2J\u0085\ttabbed\n'.repeat(50), priority: 'critical', ackRequired: true,
      };
      write(`messages/${to}/${id}.json`, toJson(r));
      add(`messages/${to}/${id}.json`, `HTML and C1 controls in a valid message to ${to}`, false);
    }),
    () => {
      write('sessions/.hidden-dotfile.json', '{ not json');
      add('sessions/.hidden-dotfile.json', 'a dot-file (never read, never reported)', false);
    },
  ];
  for (const make of once) make();

  // Repeating entries, cycling through every kind of breakage until `count` entries exist.
  const repeating = [];
  for (const [what, content] of badContents) {
    repeating.push((i) => {
      const folder = folders[i % folders.length];
      const name = folder.name(i);
      const rel = `${folder.dir}/${name}.json`;
      write(rel, content(recordFor(folder, name), folder.kind, { ...ctx, inbox: folder.to ?? 'broadcast' }));
      add(rel, `${folder.kind}: ${what}`, true);
    });
  }
  repeating.push((i) => {
    const folder = folders[i % folders.length];
    const name = folder.name(i);
    const rel = `${folder.dir}/${name}.json`;
    write(rel, invalidUtf8(recordFor(folder, name), folder.kind));
    add(rel, `${folder.kind}: invalid UTF-8`, true);
  });
  for (const makeName of badNames) {
    repeating.push((i) => {
      const folder = folders[i % folders.length];
      const fileName = makeName(i);
      const rel = `${folder.dir}/${fileName}`;
      write(rel, toJson(recordFor(folder, folder.name(i))));
      add(rel, `${folder.kind}: the name ${JSON.stringify(fileName)} is not a slug`, true);
    });
  }
  const linkTargets = [
    ['a link to a valid record outside the tree', () => join(outsideDir, 'secret-session.json')],
    ['a link to a system file', () => join(outsideDir, 'passwd')],
    ['a dangling link', (i) => join(outsideDir, `missing-${i}.json`)],
    ['a link to itself', (i, name) => name],
    ['a link to a folder', () => '..'],
    ['a relative link climbing out', () => '../../../../../../../../etc/hostname'],
  ];
  for (const [what, target] of linkTargets) {
    repeating.push((i) => {
      const folder = folders[i % folders.length];
      const name = `${folder.name(i)}.json`;
      const rel = `${folder.dir}/${name}`;
      mkdirSync(abs(folder.dir), { recursive: true });
      symlinkSync(target(i, name), abs(rel));
      add(rel, `${folder.kind}: ${what}`, true);
    });
  }
  repeating.push((i) => {
    const folder = folders[i % folders.length];
    const rel = `${folder.dir}/${folder.name(i)}.json`;
    mkdirSync(abs(rel), { recursive: true });
    writeFileSync(join(abs(rel), 'inside.json'), toJson(recordFor(folder, folder.name(i))));
    add(rel, `${folder.kind}: a folder where a record belongs`, true);
  });
  repeating.push((i) => {
    const rel = i % 2 ? `claims/type-file-${i}` : `messages/inbox-file-${i}`;
    write(rel, toJson(baseRecord('claim', `x${i}`, ctx)));
    add(rel, 'a file where a folder belongs', true);
  });
  repeating.push((i) => {
    const rel = i % 2 ? `claims/Bad Type ${i}` : `messages/Bad Inbox ${i}`;
    mkdirSync(abs(rel), { recursive: true });
    add(rel, 'a folder whose name is not a slug', true);
  });

  for (let i = 0; entries.length < count; i++) repeating[i % repeating.length](i);
  return { entries, expected: entries.filter((e) => e.reported).map((e) => e.rel) };
}

/**
 * Trees broken at the top: each variant takes a fresh, initialized tree (`dir` = docs/coordination) and breaks
 * one structural piece. Commands must still end with exit 0 or 3 and a message, never a crash; `coord doctor`
 * must name `rel` (in its report, or in its error when the tree cannot be opened at all).
 */
export const brokenTreeVariants = [
  { name: 'protocol.json is not JSON', rel: 'protocol.json', apply: (dir) => writeFileSync(join(dir, 'protocol.json'), '{"object":') },
  { name: 'protocol.json holds terminal escapes', rel: 'protocol.json', apply: (dir) => writeFileSync(join(dir, 'protocol.json'), '\u001b[2J\u001b[31mRED\u001b]0;pwned\u0007 {"object":"protocol"}') },
  { name: 'protocol.json has version 2', rel: 'protocol.json', apply: (dir) => writeFileSync(join(dir, 'protocol.json'), '{"object":"protocol","version":2}') },
  { name: 'protocol.json is a folder', rel: 'protocol.json', apply: (dir) => replaceWithFolder(join(dir, 'protocol.json')) },
  { name: 'protocol.json links out of the tree', rel: 'protocol.json', apply: (dir, outside) => replaceWithLink(join(dir, 'protocol.json'), join(outside, 'protocol.json'), '{"object":"protocol","version":1}') },
  { name: 'protocol.json is 10 MB', rel: 'protocol.json', apply: (dir) => writeFileSync(join(dir, 'protocol.json'), `{"object":"protocol","version":1,"x":"${'x'.repeat(10 * 1024 * 1024)}"}`) },
  { name: 'sessions is a file', rel: 'sessions', apply: (dir) => replaceWithFile(join(dir, 'sessions')) },
  { name: 'claims is a file', rel: 'claims', apply: (dir) => replaceWithFile(join(dir, 'claims')) },
  { name: 'messages is a file', rel: 'messages', apply: (dir) => replaceWithFile(join(dir, 'messages')) },
  { name: 'work is a file', rel: 'work', apply: (dir) => replaceWithFile(join(dir, 'work')) },
  { name: 'messages/broadcast is a file', rel: 'messages/broadcast', apply: (dir) => replaceWithFile(join(dir, 'messages', 'broadcast')) },
  { name: 'sessions links out of the tree', rel: 'sessions', apply: (dir, outside) => replaceWithLink(join(dir, 'sessions'), join(outside, 'sessions-dir'), null) },
  { name: 'claims links out of the tree', rel: 'claims', apply: (dir, outside) => replaceWithLink(join(dir, 'claims'), join(outside, 'claims-dir'), null) },
  { name: 'messages links out of the tree', rel: 'messages', apply: (dir, outside) => replaceWithLink(join(dir, 'messages'), join(outside, 'messages-dir'), null) },
];

function replaceWithFile(path) {
  rmSync(path, { recursive: true, force: true });
  writeFileSync(path, 'not a folder\n');
}

function replaceWithFolder(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
}

/** Moves what is at `path` to `target` outside the tree (or writes `content` there) and links `path` to it. */
function replaceWithLink(path, target, content) {
  if (content !== null) writeFileSync(target, content);
  else cpSync(path, target, { recursive: true });
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

/**
 * A fingerprint of every entry under `dir` without following links: file contents (sha256), link targets and
 * folders. Compare two snapshots to prove that nothing was changed, created or deleted.
 */
export function snapshotTree(dir, { skip = () => false } = {}) {
  const out = new Map();
  const visit = (path) => {
    let entries;
    try {
      entries = readdirSync(path);
    } catch {
      return;
    }
    for (const name of entries) {
      const full = join(path, name);
      const rel = relative(dir, full).split(sep).join('/');
      if (skip(rel)) continue;
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out.set(rel, `link:${readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        out.set(rel, 'dir');
        visit(full);
      } else out.set(rel, `file:${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  visit(dir);
  return out;
}

/** The differences between two snapshots, as readable lines (empty when equal). */
export function diffSnapshots(before, after) {
  const lines = [];
  for (const [rel, value] of before) {
    if (!after.has(rel)) lines.push(`deleted: ${JSON.stringify(rel)}`);
    else if (after.get(rel) !== value) lines.push(`changed: ${JSON.stringify(rel)}`);
  }
  for (const rel of after.keys()) if (!before.has(rel)) lines.push(`created: ${JSON.stringify(rel)}`);
  return lines;
}

/** Characters that must never reach a terminal raw: C0 controls except newline and tab, DEL and C1 controls. */
export const rawControlPattern = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
