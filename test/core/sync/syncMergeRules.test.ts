import * as assert from 'node:assert/strict';
import { mergeFile } from '../../../src/core/sync/syncMergeRules';

const session = (beats: number, heartbeatAt: string, endedAt?: string) =>
  JSON.stringify({ object: 'session', version: 1, id: 's-1', name: 's', kind: 'agent', host: 'h', pid: 1, startedAt: '2026-11-21T11:00:00.000Z', heartbeatAt, beats, ...(endedAt ? { endedAt } : {}) });
const work = (status: 'open' | 'done', updatedAt: string) =>
  JSON.stringify({ object: 'work', version: 1, id: 'w-1', title: 't', priority: 50, status, dependsOn: [], createdAt: '2026-11-21T11:00:00.000Z', updatedAt });

function sides(path: string, texts: Record<string, string>, base?: string, ours?: string, theirs?: string) {
  return { path, base, ours, theirs, text: (oid: string) => texts[oid] };
}

describe('mergeFile', () => {
  it('messages are a union: a deletion never wins', () => {
    const path = 'messages/s-1/01m80000000000000000000000.json';
    assert.equal(mergeFile('message', sides(path, {}, 'm', undefined, 'm')).oid, 'm');
    assert.equal(mergeFile('message', sides(path, {}, undefined, 'm', undefined)).oid, 'm');
  });

  it('a session keeps its owner\'s newest write: later heartbeat, then more beats, then ended', () => {
    const texts = { a: session(3, '2026-11-21T12:00:00.000Z'), b: session(4, '2026-11-21T12:01:00.000Z'), c: session(4, '2026-11-21T12:01:00.000Z', '2026-11-21T12:01:00.000Z') };
    assert.equal(mergeFile('session', sides('sessions/s-1.json', texts, 'x', 'a', 'b')).oid, 'b');
    assert.equal(mergeFile('session', sides('sessions/s-1.json', texts, 'x', 'b', 'a')).oid, 'b');
    assert.equal(mergeFile('session', sides('sessions/s-1.json', texts, 'x', 'c', 'b')).oid, 'c');
  });

  it('a work item keeps the newer update, and done wins a tie', () => {
    const texts = { open: work('open', '2026-11-21T12:00:00.000Z'), later: work('open', '2026-11-21T12:02:00.000Z'), done: work('done', '2026-11-21T12:00:00.000Z') };
    assert.equal(mergeFile('work', sides('work/w-1.json', texts, 'x', 'open', 'later')).oid, 'later');
    assert.equal(mergeFile('work', sides('work/w-1.json', texts, 'x', 'done', 'open')).oid, 'done');
    assert.equal(mergeFile('work', sides('work/w-1.json', texts, 'x', 'open', 'done')).oid, 'done');
  });

  it('other files take the side that changed; both changed: the remote, and it says so', () => {
    assert.equal(mergeFile('other', sides('milestones/m.md', {}, 'b', 'b', 't')).oid, 't');
    assert.equal(mergeFile('other', sides('milestones/m.md', {}, 'b', 'o', 'b')).oid, 'o');
    const both = mergeFile('other', sides('milestones/m.md', {}, 'b', 'o', 't'));
    assert.equal(both.oid, 't');
    assert.match(both.note ?? '', /both sides/);
  });

  it('a deletion wins only over a side that did not change the file', () => {
    assert.equal(mergeFile('other', sides('reports/r.md', {}, 'b', undefined, 'b')).oid, undefined);
    assert.equal(mergeFile('other', sides('reports/r.md', {}, 'b', undefined, 't')).oid, 't');
    assert.equal(mergeFile('work', sides('work/w-1.json', {}, 'b', 'b', undefined)).oid, undefined);
  });

  it('a bad record never wins over a good one, whichever side it is on', () => {
    const texts = { good: work('open', '2026-11-21T12:00:00.000Z'), bad: '{"object":"work", trunc' };
    const verdict = mergeFile('work', sides('work/w-1.json', texts, 'good', 'good', 'bad'));
    assert.equal(verdict.oid, 'good');
    assert.match(verdict.note ?? '', /not a valid record/);
    assert.equal(mergeFile('work', sides('work/w-1.json', texts, 'good', 'bad', 'good')).oid, 'good');
  });
});
