import assert from 'node:assert/strict';
import { describeIssues, type SchemaIssue } from '../../../src/core/store/schemaIssues';
import { claimSchema } from '../../../src/core/records/claim';
import { sessionSchema } from '../../../src/core/records/session';

function issuesOf(
  schema: { safeParse(d: unknown): { success: boolean; error?: { issues: readonly SchemaIssue[] } } },
  data: unknown,
): readonly SchemaIssue[] {
  const result = schema.safeParse(data);
  assert.equal(result.success, false);
  return result.error?.issues ?? [];
}

const validSession = {
  object: 'session',
  version: 1,
  id: 's-1',
  name: 'builder',
  kind: 'agent',
  host: 'h',
  pid: 1,
  startedAt: '2026-11-21T12:00:00.000Z',
  heartbeatAt: '2026-11-21T12:00:00.000Z',
  beats: 0,
};

describe('schemaIssues', () => {
  it('describes a wrong type with the field path', () => {
    assert.equal(describeIssues(issuesOf(sessionSchema, { ...validSession, pid: 'one' })), 'pid should be number');
  });

  it('describes an enum mismatch with the allowed values', () => {
    assert.equal(
      describeIssues(issuesOf(sessionSchema, { ...validSession, kind: 'robot' })),
      'kind should be one of "agent", "human"',
    );
  });

  it('describes bounds', () => {
    assert.equal(
      describeIssues(issuesOf(sessionSchema, { ...validSession, beats: -1 })),
      'beats is too small (at least 0)',
    );
    assert.equal(
      describeIssues(issuesOf(sessionSchema, { ...validSession, heartbeat: { progress: 101 } })),
      'heartbeat.progress is too big (at most 100)',
    );
  });

  it('describes a wrong format', () => {
    assert.match(
      describeIssues(issuesOf(sessionSchema, { ...validSession, startedAt: 'yesterday' })),
      /^startedAt has the wrong format/,
    );
    assert.match(describeIssues(issuesOf(claimSchema, { object: 'claim', version: 1 })), /type should be string/);
  });

  it('names the whole record when the issue has no path', () => {
    assert.equal(describeIssues([{ code: 'custom', path: [] }]), '(record) is invalid');
    assert.equal(
      describeIssues([{ code: 'unrecognized_keys', path: [], keys: ['extra', 'more'] }]),
      'unknown fields extra, more',
    );
  });

  it('lists at most five issues and counts the rest', () => {
    const issues: SchemaIssue[] = Array.from({ length: 8 }, (_, i) => ({
      code: 'invalid_type',
      path: [`f${i}`],
      expected: 'string',
    }));
    const text = describeIssues(issues);
    assert.equal(text.split('; ').length, 6);
    assert.match(text, /^f0 should be string; .*f4 should be string; and 3 more$/);
    assert.doesNotMatch(text, /f5/);
  });
});
