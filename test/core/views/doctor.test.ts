import assert from 'node:assert/strict';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { toJson } from '../../../src/core/store/atomicFile';
import { takeClaim } from '../../../src/core/claims/claims';
import { leftoverAgeMs, runDoctor } from '../../../src/core/views/doctor';
import { sendMessage } from '../../../src/core/messages/messages';
import { addWork } from '../../../src/core/work/work';
import { withAliceAndBob } from '../../helpers/aliceAndBob';

/** Every file under `dir` with its bytes and modification time, to prove a run changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) visit(path);
      else out.set(path, `${stat?.mtimeMs}:${stat ? readFileSync(path, 'base64') : 'link'}`);
    }
  };
  visit(dir);
  return out;
}

describe('doctor', () => {
  const s = withAliceAndBob();

  function populate(): void {
    takeClaim(s.tree.ctx, s.alice, 'issue', '42');
    sendMessage(s.tree.ctx, s.alice, s.bob, 'hi', 'there');
    sendMessage(s.tree.ctx, s.bob, 'broadcast', 'all', 'hands');
    addWork(s.tree.ctx, 'task');
    writeFileSync(join(s.tree.ctx.layout.milestonesDir, 'v1.md'), '- [x] a\n- [ ] b\n');
    writeFileSync(
      s.tree.ctx.layout.servicesFile,
      toJson({ object: 'services', version: 1, services: [{ name: 'api', url: 'http://localhost:1/health' }] }),
    );
  }

  it('finds no problem in a sound tree and counts what it checked', () => {
    populate();
    const report = runDoctor(s.tree.ctx);
    assert.deepEqual(report.problems, []);
    assert.equal(report.dir, s.tree.ctx.layout.dir);
    // protocol.json, 2 sessions, 1 claim, 1 work item, 2 messages, services.json, 1 milestone
    assert.equal(report.checked, 9);
    assert.deepEqual(report.leftovers, []);
  });

  it('names each bad file with its path and reason, once', () => {
    populate();
    const { layout } = s.tree.ctx;
    const bad = new Map<string, RegExp>();
    const put = (path: string, content: string, reason: RegExp): void => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
      bad.set(path, reason);
    };
    put(layout.sessionFile('broken'), '{"object": "session",', /is not valid JSON/);
    put(
      layout.sessionFile('future'),
      JSON.stringify({ ...JSON.parse(readFileSync(layout.sessionFile(s.alice), 'utf8')), id: 'future', version: 2 }),
      /protocol version 2/,
    );
    put(
      layout.claimFile('issue', 'moved'),
      readFileSync(layout.claimFile('issue', '42'), 'utf8'),
      /holds claim issue\/42 but lives at issue\/moved\.json/,
    );
    put(
      layout.claimFile('module', 'auth'),
      JSON.stringify({ object: 'claim', version: 1 }),
      /does not match the claim schema/,
    );
    put(layout.workFile('w'), '[]', /is not a JSON object/);
    put(join(layout.workDir, 'Notes.json'), '{}', /not a slug/);
    put(
      join(layout.messagesDir, s.bob, 'hello.json'),
      readFileSync(join(layout.inboxDir(s.bob), readdirSync(layout.inboxDir(s.bob))[0]!), 'utf8'),
      /holds message .* but lives at/,
    );
    put(join(layout.messagesDir, 'broadcast', 'readme.txt'), 'x', /only \.json files are read/);
    put(
      layout.servicesFile,
      JSON.stringify({ object: 'services', version: 1, services: [{ name: 'x', url: 'ftp://x' }] }),
      /does not match the services schema/,
    );
    put(join(layout.milestonesDir, 'v2.txt'), 'x', /only \.md files are read/);
    put(join(layout.dir, 'stray.json'), '{}', /does not belong in the coordination tree/);
    put(join(layout.sessionsDir, 'huge.json'), 'x'.repeat(300 * 1024), /over the 262144-byte limit/);
    symlinkSync('/etc/passwd', join(layout.workDir, 'link.json'));
    bad.set(join(layout.workDir, 'link.json'), /symbolic link/);

    const report = runDoctor(s.tree.ctx);
    const found = new Map(report.problems.map((p) => [p.path, p.reason]));
    assert.equal(
      report.problems.length,
      found.size,
      `a problem was reported twice: ${JSON.stringify(report.problems, null, 1)}`,
    );
    assert.deepEqual([...found.keys()].sort(), [...bad.keys()].sort());
    for (const [path, reason] of bad) assert.match(found.get(path) ?? '', reason, path);
  });

  it('reports a missing protocol.json', () => {
    rmSync(s.tree.ctx.layout.protocolFile);
    assert.deepEqual(runDoctor(s.tree.ctx).problems, [
      { path: s.tree.ctx.layout.protocolFile, reason: 'is missing; run `coord init`' },
    ]);
  });

  it('reports a file where a folder of the tree belongs', () => {
    for (const dir of [s.tree.ctx.layout.sessionsDir, s.tree.ctx.layout.messagesDir]) {
      rmSync(dir, { recursive: true });
      writeFileSync(dir, 'not a folder');
    }
    const paths = runDoctor(s.tree.ctx)
      .problems.map((p) => p.path)
      .sort();
    assert.deepEqual(paths, [s.tree.ctx.layout.messagesDir, s.tree.ctx.layout.sessionsDir].sort());
  });

  it('never changes a file, however broken', () => {
    populate();
    writeFileSync(s.tree.ctx.layout.sessionFile('broken'), '{');
    writeFileSync(s.tree.ctx.layout.claimFile('issue', '7'), JSON.stringify({ object: 'claim', version: 9 }));
    writeFileSync(join(s.tree.ctx.layout.dir, 'stray.txt'), 'keep me');
    const before = snapshot(s.tree.ctx.layout.dir);
    runDoctor(s.tree.ctx);
    runDoctor(s.tree.ctx, { clean: true });
    assert.deepEqual(snapshot(s.tree.ctx.layout.dir), before);
  });

  describe('leftovers of killed writers', () => {
    it('lists old temporary and lock files, and removes only them with clean', () => {
      s.tree.clock.ms = Date.now();
      const { layout } = s.tree.ctx;
      const oldTemp = join(layout.sessionsDir, `.${s.alice}.json.999.abcdefgh.tmp`);
      const oldLock = join(layout.claimsDir, '.42.json.0123456789abcdef.0.lock');
      const freshTemp = join(layout.sessionsDir, `.${s.bob}.json.999.zzzzzzzz.tmp`);
      const otherDot = join(layout.sessionsDir, '.keep');
      for (const path of [oldTemp, oldLock, freshTemp, otherDot]) writeFileSync(path, '');
      const old = (Date.now() - leftoverAgeMs - 10_000) / 1000;
      utimesSync(oldTemp, old, old);
      utimesSync(oldLock, old, old);
      utimesSync(otherDot, old, old);

      const report = runDoctor(s.tree.ctx);
      assert.deepEqual(report.leftovers.sort(), [oldLock, oldTemp].sort());
      assert.equal(report.cleaned, 0);
      assert.deepEqual(report.problems, [], 'leftovers are not problems');
      assert.ok(statSync(oldTemp).isFile(), 'not removed without clean');

      const cleaned = runDoctor(s.tree.ctx, { clean: true });
      assert.equal(cleaned.cleaned, 2);
      assert.equal(statSync(oldTemp, { throwIfNoEntry: false }), undefined);
      assert.equal(statSync(oldLock, { throwIfNoEntry: false }), undefined);
      assert.ok(statSync(freshTemp).isFile());
      assert.ok(statSync(otherDot).isFile());
      assert.ok(statSync(layout.sessionFile(s.alice)).isFile());
    });
  });
});
