import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJson } from '../../../src/core/store/atomicFile';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import {
  listNames,
  listRecords,
  maxRecordBytes,
  parseRecord,
  readRecord,
} from '../../../src/core/records/recordReader';
import { claimSchema, type Claim } from '../../../src/core/records/claim';
import { makeTempDir } from '../../helpers/tempTree';

function claim(overrides: Partial<Record<keyof Claim, unknown>> = {}): Record<string, unknown> {
  return {
    object: 'claim',
    version: 1,
    type: 'issue',
    name: '42',
    holder: 'builder-abc123',
    acquiredAt: '2026-11-21T12:00:00.000Z',
    renewedAt: '2026-11-21T12:00:00.000Z',
    ttl: 3600,
    transitions: 0,
    ...overrides,
  };
}

function failure(result: ReturnType<typeof readRecord>): string {
  assert.equal(result.ok, false);
  assert.ok(!result.ok && !result.missing, 'expected a reason, got missing');
  return (result as { reason: string }).reason;
}

describe('recordReader', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  describe('readRecord', () => {
    it('reads a valid record with its raw text', () => {
      const text = toJson(claim());
      const result = readRecord(write('42.json', text), claimSchema, 'claim');
      assert.ok(result.ok);
      assert.equal(result.value.holder, 'builder-abc123');
      assert.equal(result.raw, text);
    });

    it('reports a missing file as missing, not as a problem', () => {
      assert.deepEqual(readRecord(join(dir, 'nope.json'), claimSchema, 'claim'), { ok: false, missing: true });
    });

    it('reports a FIFO as not a regular file instead of blocking on it', () => {
      const fifo = join(dir, 'pipe.json');
      execFileSync('mkfifo', [fifo]);
      const result = readRecord(fifo, claimSchema, 'claim');
      assert.deepEqual(result, { ok: false, missing: false, reason: 'is not a regular file' });
    });

    it('never follows a symbolic link', () => {
      const target = write('real.json', toJson(claim()));
      const link = join(dir, 'link.json');
      symlinkSync(target, link);
      assert.match(failure(readRecord(link, claimSchema, 'claim')), /symbolic link/);
    });

    it('refuses a folder', () => {
      mkdirSync(join(dir, 'd.json'));
      assert.match(failure(readRecord(join(dir, 'd.json'), claimSchema, 'claim')), /not a regular file/);
    });

    it('does not read an oversized file', () => {
      const path = write('big.json', JSON.stringify({ ...claim(), reason: 'x'.repeat(maxRecordBytes) }));
      assert.match(
        failure(readRecord(path, claimSchema, 'claim')),
        new RegExp(`over the ${maxRecordBytes}-byte limit`),
      );
    });

    it('explains invalid JSON', () => {
      assert.match(
        failure(readRecord(write('a.json', '{"object": "claim",'), claimSchema, 'claim')),
        /^is not valid JSON \(/,
      );
    });

    it('refuses JSON that is not an object', () => {
      for (const text of ['[]', 'null', '42', '"claim"']) {
        assert.equal(failure(parseRecord(text, claimSchema, 'claim')), 'is not a JSON object', text);
      }
    });

    it('refuses a record of another kind', () => {
      assert.match(
        failure(parseRecord(JSON.stringify(claim({ object: 'session' })), claimSchema, 'claim')),
        /has "object": "session", expected "claim"/,
      );
    });

    it('refuses another protocol version', () => {
      assert.match(
        failure(parseRecord(JSON.stringify(claim({ version: 2 })), claimSchema, 'claim')),
        /protocol version 2; this build reads version 1/,
      );
    });

    it('names the field that does not match the schema', () => {
      const reason = failure(parseRecord(JSON.stringify(claim({ ttl: 'long', holder: '../x' })), claimSchema, 'claim'));
      assert.match(reason, /^does not match the claim schema: /);
      assert.match(reason, /ttl should be number/);
      assert.match(reason, /holder/);
    });
  });

  describe('listRecords', () => {
    it('returns the valid records and reports every bad entry with its path', () => {
      write('good.json', toJson(claim({ name: 'good' })));
      const broken = write('broken.json', '{');
      const notJson = write('notes.txt', 'hi');
      const badName = write('Bad Name.json', toJson(claim()));
      const link = join(dir, 'link.json');
      symlinkSync(join(dir, 'good.json'), link);
      write('.good.json.123.abc.tmp', 'half-writ');
      write('.lock', '');
      const sink = new DiagnosticSink();
      const records = listRecords(dir, claimSchema, 'claim', sink);
      assert.deepEqual(
        records.map((r) => [r.name, r.path, r.value.name]),
        [['good', join(dir, 'good.json'), 'good']],
      );
      const reported = new Map(sink.items.map((d) => [d.path, d.reason]));
      assert.equal(reported.size, 4);
      assert.match(reported.get(broken) ?? '', /not valid JSON/);
      assert.match(reported.get(notJson) ?? '', /only \.json files are read/);
      assert.match(reported.get(badName) ?? '', /not a slug/);
      assert.match(reported.get(link) ?? '', /symbolic link/);
    });

    it('treats a missing folder as empty', () => {
      const sink = new DiagnosticSink();
      assert.deepEqual(listRecords(join(dir, 'none'), claimSchema, 'claim', sink), []);
      assert.deepEqual(sink.items, []);
    });
  });

  describe('listNames', () => {
    it('lists slug folders and reports files and bad names where folders belong', () => {
      mkdirSync(join(dir, 'issue'));
      mkdirSync(join(dir, 'Module'));
      mkdirSync(join(dir, '.hidden'));
      write('stray.json', '{}');
      const sink = new DiagnosticSink();
      assert.deepEqual(listNames(dir, sink, '', 'dir'), ['issue']);
      const reported = new Map(sink.items.map((d) => [d.path, d.reason]));
      assert.match(reported.get(join(dir, 'Module')) ?? '', /not a slug/);
      assert.match(reported.get(join(dir, 'stray.json')) ?? '', /is not a folder/);
      assert.equal(reported.size, 2);
    });

    it('strips the suffix and rejects names over 64 characters', () => {
      write('a.json', '');
      write(`${'b'.repeat(65)}.json`, '');
      const sink = new DiagnosticSink();
      assert.deepEqual(listNames(dir, sink, '.json'), ['a']);
      assert.equal(sink.items.length, 1);
    });
  });
});
