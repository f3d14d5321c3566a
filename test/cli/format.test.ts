import assert from 'node:assert/strict';
import { claimLine, clean, inboxLine, sessionLine, workLine } from '../../src/cli/format';
import { formatMessageText } from '../../src/core/messages/messageText';
import type { ClaimView } from '../../src/core/claims/claims';
import type { Message } from '../../src/core/records/message';
import type { Session } from '../../src/core/records/session';
import type { WorkView } from '../../src/core/work/work';

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const session: Session = {
  object: 'session',
  version: 1,
  id: 'builder-abc123',
  name: 'Builder',
  role: 'backend',
  kind: 'agent',
  host: 'h',
  pid: 1,
  startedAt: '2026-11-21T12:00:00.000Z',
  heartbeatAt: '2026-11-21T12:00:00.000Z',
  beats: 3,
  heartbeat: { action: 'editing', target: 'src/auth.ts', phase: 'implement', progress: 40 },
};

const message: Message = {
  object: 'message',
  version: 1,
  id: '01m7yzmhg0tb1fex8nn5mc9yam',
  from: 'alice-aaaaaa',
  to: 'bob-bbbbbb',
  subject: 'auth done',
  body: 'line one\n\tline two',
  priority: 'high',
  sentAt: '2026-11-21T12:34:56.789Z',
  ackRequired: true,
};

describe('cli format', () => {
  describe('clean', () => {
    it('neutralises terminal escape sequences so a file cannot rewrite the screen', () => {
      const hostile = 'ok\u001b[2J\u001b]0;title\u0007\u009b31m\r\u0008done';
      const out = clean(hostile);
      assert.doesNotMatch(out, controls);
      assert.ok(!out.includes('\u001b'));
      assert.ok(out.startsWith('ok'));
      assert.ok(out.endsWith('done'));
    });

    it('keeps newlines, tabs and ordinary Unicode', () => {
      assert.equal(clean('a\n\tb — ü ✓'), 'a\n\tb — ü ✓');
    });
  });

  it('sessionLine shows state, name, role, beat age, what it does and its claims', () => {
    const line = sessionLine({ session, state: 'active', heartbeatAgeMs: 65_000, claims: ['issue/42'] });
    assert.equal(
      line,
      '● builder-abc123  Builder  active, agent, backend  beat 1m ago  editing · src/auth.ts · implement · 40%  claims: issue/42',
    );
  });

  it('sessionLine cleans text from the file', () => {
    const line = sessionLine({
      session: { ...session, name: 'x\u001b[31m', role: 'r\u001b]0;t\u0007', heartbeat: { action: 'a\u001bc' } },
      state: 'stale',
      heartbeatAgeMs: 0,
    });
    assert.doesNotMatch(line, controls);
    assert.match(line, /^◐ /);
  });

  it('claimLine shows holder, time left or expiry, and a down holder', () => {
    const claim = {
      object: 'claim',
      version: 1,
      type: 'issue',
      name: '42',
      holder: 'alice-aaaaaa',
      acquiredAt: '2026-11-21T12:00:00.000Z',
      renewedAt: '2026-11-21T12:00:00.000Z',
      ttl: 7200,
      transitions: 0,
      reason: 'fix\u001b[2J',
    } as const;
    const live: ClaimView = {
      claim,
      path: '/x',
      expiresAt: '2026-11-21T14:00:00.000Z',
      remainingMs: 3_900_000,
      expired: false,
      holderState: 'active',
      free: false,
    };
    assert.equal(claimLine(live), 'issue/42  alice-aaaaaa  1h 5m left  fix?[2J');
    assert.equal(
      claimLine({ ...live, expired: true, remainingMs: 0, holderState: 'gone', free: true }),
      'issue/42  alice-aaaaaa (holder gone)  expired  fix?[2J',
    );
  });

  it('inboxLine marks unread and non-normal priority', () => {
    assert.equal(
      inboxLine({ message, read: false }),
      `*[high] ${message.id}  2026-11-21 12:34:56  alice-aaaaaa → bob-bbbbbb  auth done  (ack requested)`,
    );
    assert.match(
      inboxLine({ message: { ...message, priority: 'normal', ackRequired: undefined }, read: true }),
      /^  01m7/,
    );
  });

  it('the message text `coord read` prints shows headers and the body, cleaned', () => {
    const text = formatMessageText({ ...message, body: 'hi\u001b[2J\nthere', replyTo: '01m7yzmhg0tb1fex8nn5mc9yaa' });
    assert.match(text, /^From:     alice-aaaaaa\nTo:       bob-bbbbbb\n/);
    assert.match(text, /Reply to: 01m7yzmhg0tb1fex8nn5mc9yaa/);
    assert.match(text, /Ack:      requested/);
    assert.ok(text.endsWith('\n\nhi?[2J\nthere'));
  });

  it('workLine shows priority, id, title and state', () => {
    const item = {
      object: 'work',
      version: 1,
      id: 'fix-ab12',
      title: 'Fix',
      priority: 7,
      status: 'open',
      dependsOn: [],
      createdAt: '2026-11-21T12:00:00.000Z',
      updatedAt: '2026-11-21T12:00:00.000Z',
    } as const;
    const view = (extra: Partial<WorkView>): WorkView => ({
      item: { ...item, dependsOn: [] },
      state: 'ready',
      waitingOn: [],
      ...extra,
    });
    assert.equal(workLine(view({})), '  7  fix-ab12  Fix  [ready]');
    assert.equal(workLine(view({ state: 'claimed', holder: 'bob' })), '  7  fix-ab12  Fix  [claimed by bob]');
    assert.equal(workLine(view({ state: 'blocked', waitingOn: ['a', 'b'] })), '  7  fix-ab12  Fix  [blocked on a, b]');
  });
});
