import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSink } from '../../../src/core/store/diagnostics';
import { CoordError } from '../../../src/core/store/errors';
import { newMessageId } from '../../../src/core/store/ids';
import { countInbox, inbox, messageTotals, readMessage, sendMessage } from '../../../src/core/messages/messages';
import { markEnded, startSession } from '../../../src/core/sessions/sessions';
import { coordError } from '../../helpers/coordError';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('messages', () => {
  let tree: TempTree;
  let alice: string;
  let bob: string;
  beforeEach(() => {
    tree = makeTempTree();
    alice = startSession(tree.ctx, { name: 'alice' }).id;
    bob = startSession(tree.ctx, { name: 'bob' }).id;
  });
  afterEach(() => tree.cleanup());

  function endSession(id: string): void {
    markEnded(tree.ctx, JSON.parse(readFileSync(tree.ctx.layout.sessionFile(id), 'utf8')));
  }

  describe('sendMessage', () => {
    it("writes the message once into the recipient's inbox folder", () => {
      const message = sendMessage(tree.ctx, alice, bob, 'hello', 'line one\n\tline two');
      assert.deepEqual(readdirSync(tree.ctx.layout.inboxDir(bob)), [`${message.id}.json`]);
      const onDisk = JSON.parse(readFileSync(tree.ctx.layout.messageFile(bob, message.id), 'utf8'));
      assert.deepEqual(onDisk, {
        object: 'message',
        version: 1,
        id: message.id,
        from: alice,
        to: bob,
        subject: 'hello',
        body: 'line one\n\tline two',
        priority: 'normal',
        sentAt: '2026-11-21T12:00:00.000Z',
      });
    });

    it('stores a body with Windows line endings with LF, for every front end that sends through it', () => {
      const message = sendMessage(tree.ctx, alice, bob, 'crlf', 'one\r\ntwo\r\n');
      assert.equal(message.body, 'one\ntwo\n');
      assert.equal(readMessage(tree.ctx, bob, message.id).body, 'one\ntwo\n');
      assert.throws(() => sendMessage(tree.ctx, alice, bob, 'cr', 'over\rwrite'), coordError('usage'));
    });

    it('keeps priority, reply-to and the ack request', () => {
      const first = sendMessage(tree.ctx, alice, bob, 'q', 'b');
      const reply = sendMessage(tree.ctx, bob, alice, 're: q', 'a', {
        priority: 'critical',
        replyTo: first.id,
        ackRequired: true,
      });
      assert.equal(reply.priority, 'critical');
      assert.equal(reply.replyTo, first.id);
      assert.equal(reply.ackRequired, true);
      assert.deepEqual(readMessage(tree.ctx, alice, reply.id), reply);
    });

    it('refuses an unknown recipient and writes nothing', () => {
      assert.throws(
        () => sendMessage(tree.ctx, alice, 'nobody-000000', 's', 'b'),
        (e: unknown) =>
          coordError('refused', /no session nobody-000000/)(e) &&
          (e as CoordError).details?.recipient === 'nobody-000000',
      );
      assert.equal(existsSync(join(tree.ctx.layout.messagesDir, 'nobody-000000')), false);
    });

    it('refuses a gone recipient', () => {
      tree.clock.advance(901_000);
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      assert.throws(
        () => sendMessage(tree.ctx, carol, bob, 's', 'b'),
        (e: unknown) => coordError('refused', /is gone/)(e) && (e as CoordError).details?.state === 'gone',
      );
      assert.equal(existsSync(tree.ctx.layout.inboxDir(bob)), false);
    });

    it('refuses an ended recipient', () => {
      endSession(bob);
      assert.throws(() => sendMessage(tree.ctx, alice, bob, 's', 'b'), coordError('refused', /is ended/));
    });

    it('delivers to a stale recipient, which may still come back', () => {
      tree.clock.advance(300_000);
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      assert.equal(sendMessage(tree.ctx, carol, bob, 's', 'b').to, bob);
    });

    it('refuses a sender that is not registered or has ended', () => {
      assert.throws(
        () => sendMessage(tree.ctx, 'ghost-000000', bob, 's', 'b'),
        coordError('refused', /not registered/),
      );
      endSession(alice);
      assert.throws(() => sendMessage(tree.ctx, alice, bob, 's', 'b'), coordError('refused', /ended/));
    });

    it('holds a body of up to 64 KiB counted in UTF-8 bytes, whatever the characters', () => {
      // At the limit: 65,536 ASCII characters, 32,768 two-byte ones, 16,384 emoji (four bytes, two UTF-16 units).
      for (const [char, count] of [
        ['x', 65_536],
        ['é', 32_768],
        ['😀', 16_384],
      ] as const) {
        const at = sendMessage(tree.ctx, alice, bob, 's', char.repeat(count));
        assert.equal(Buffer.byteLength(at.body), 65_536);
        assert.throws(
          () => sendMessage(tree.ctx, alice, bob, 's', char.repeat(count + 1)),
          coordError(
            'usage',
            new RegExp(`the body is ${65_536 + Buffer.byteLength(char)} bytes \\(UTF-8\\); at most 65536`),
          ),
          `${count + 1} × ${char}`,
        );
      }
      // 40,000 emoji are 160,000 bytes: refused as such, not as 80,000 "characters".
      assert.throws(
        () => sendMessage(tree.ctx, alice, bob, 's', '😀'.repeat(40_000)),
        coordError('usage', /the body is 160000 bytes/),
      );
      // 30,000 three-byte characters fit in UTF-16 units (30,000) but not in 64 KiB (90,000 bytes).
      assert.throws(
        () => sendMessage(tree.ctx, alice, bob, 's', '€'.repeat(30_000)),
        coordError('usage', /90000 bytes/),
      );
    });

    it('refuses a bad subject, body, recipient name or reply-to', () => {
      assert.throws(() => sendMessage(tree.ctx, alice, bob, '  ', 'b'), coordError('usage', /subject is empty/));
      assert.throws(
        () => sendMessage(tree.ctx, alice, bob, 's'.repeat(201), 'b'),
        coordError('usage', /201 characters; at most 200/),
      );
      assert.throws(() => sendMessage(tree.ctx, alice, bob, 'two\nlines', 'b'), coordError('usage', /one line/));
      assert.throws(
        () => sendMessage(tree.ctx, alice, bob, 's', 'x'.repeat(64 * 1024 + 1)),
        coordError('usage', /at most 65536/),
      );
      assert.throws(
        () => sendMessage(tree.ctx, alice, bob, 's', 'bell\u0007'),
        coordError('usage', /control characters/),
      );
      assert.throws(() => sendMessage(tree.ctx, alice, '../etc', 's', 'b'), coordError('usage', /recipient/));
      assert.throws(
        () => sendMessage(tree.ctx, alice, bob, 's', 'b', { replyTo: 'nope' }),
        coordError('usage', /reply-to\), "nope", is not a message id/),
      );
      assert.equal(existsSync(tree.ctx.layout.inboxDir(bob)), false);
    });
  });

  describe('broadcast', () => {
    it("reaches every other session but not its sender's inbox", () => {
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      const message = sendMessage(tree.ctx, alice, 'broadcast', 'deploy', 'at noon');
      assert.ok(existsSync(tree.ctx.layout.messageFile('broadcast', message.id)));
      assert.deepEqual(
        inbox(tree.ctx, bob).map((e) => e.message.id),
        [message.id],
      );
      assert.deepEqual(
        inbox(tree.ctx, carol).map((e) => e.message.id),
        [message.id],
      );
      assert.deepEqual(inbox(tree.ctx, alice), []);
      assert.equal(countInbox(tree.ctx, alice).unread, 0, 'the sender has read its own broadcast');
    });

    it('can be sent while nobody else is alive', () => {
      tree.clock.advance(901_000);
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      assert.equal(sendMessage(tree.ctx, carol, 'broadcast', 's', 'b').to, 'broadcast');
    });
  });

  describe('inbox and readMessage', () => {
    it('lists direct messages and broadcasts oldest first, with read flags', () => {
      const m1 = sendMessage(tree.ctx, alice, bob, 'first', '');
      tree.clock.advance(1000);
      const m2 = sendMessage(tree.ctx, alice, 'broadcast', 'second', '');
      tree.clock.advance(1000);
      const m3 = sendMessage(tree.ctx, alice, bob, 'third', '');
      sendMessage(tree.ctx, bob, alice, 'not for bob', '');
      const entries = inbox(tree.ctx, bob);
      assert.deepEqual(
        entries.map((e) => e.message.subject),
        ['first', 'second', 'third'],
      );
      assert.deepEqual(
        entries.map((e) => e.read),
        [false, false, false],
      );
      readMessage(tree.ctx, bob, m2.id);
      assert.deepEqual(
        inbox(tree.ctx, bob).map((e) => [e.message.id, e.read]),
        [
          [m1.id, false],
          [m2.id, true],
          [m3.id, false],
        ],
      );
      assert.deepEqual(
        inbox(tree.ctx, bob, { unreadOnly: true }).map((e) => e.message.id),
        [m1.id, m3.id],
      );
    });

    it('keeps read state per session', () => {
      const m = sendMessage(tree.ctx, alice, 'broadcast', 'all', '');
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      readMessage(tree.ctx, bob, m.id);
      assert.equal(inbox(tree.ctx, bob)[0]?.read, true);
      assert.equal(inbox(tree.ctx, carol)[0]?.read, false);
    });

    it("does not let a session read another session's direct message", () => {
      const m = sendMessage(tree.ctx, alice, bob, 'private', 'secret');
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      assert.throws(
        () => readMessage(tree.ctx, carol, m.id),
        coordError('refused', new RegExp(`not in the inbox of ${carol}`)),
      );
      assert.throws(() => readMessage(tree.ctx, carol, 'bad-id'), coordError('usage', /not a message id/));
      assert.throws(() => readMessage(tree.ctx, bob, newMessageId(0)), coordError('refused'));
    });

    it('reports a broken message file naming it', () => {
      const m = sendMessage(tree.ctx, alice, bob, 's', 'b');
      const path = tree.ctx.layout.messageFile(bob, m.id);
      writeFileSync(path, '{');
      assert.throws(
        () => readMessage(tree.ctx, bob, m.id),
        (e: unknown) => coordError('bad-tree')(e) && (e as Error).message.includes(path),
      );
      const sink = new DiagnosticSink();
      assert.deepEqual(inbox(tree.ctx, bob, {}, sink), []);
      assert.equal(sink.items[0]?.path, path);
    });

    it('skips and reports a message copied into the wrong inbox', () => {
      const m = sendMessage(tree.ctx, alice, bob, 's', 'b');
      const carol = startSession(tree.ctx, { name: 'carol' }).id;
      const copy = tree.ctx.layout.messageFile(carol, m.id);
      mkdirSync(tree.ctx.layout.inboxDir(carol));
      copyFileSync(tree.ctx.layout.messageFile(bob, m.id), copy);
      const sink = new DiagnosticSink();
      assert.deepEqual(inbox(tree.ctx, carol, {}, sink), []);
      assert.equal(sink.items.length, 1);
      assert.equal(sink.items[0]?.path, copy);
      assert.match(sink.items[0]?.reason ?? '', new RegExp(`to ${bob} but lives at ${carol}/`));
    });

    it('refuses an unknown or ended session', () => {
      assert.throws(() => inbox(tree.ctx, 'ghost-000000'), coordError('refused'));
      endSession(bob);
      assert.throws(() => inbox(tree.ctx, bob), coordError('refused'));
    });
  });

  describe('counts', () => {
    it('countInbox counts direct, broadcast and unread from the listing', () => {
      const d1 = sendMessage(tree.ctx, alice, bob, 'a', '');
      sendMessage(tree.ctx, alice, bob, 'b', '');
      sendMessage(tree.ctx, alice, 'broadcast', 'c', '');
      assert.deepEqual(countInbox(tree.ctx, bob), { direct: 2, broadcast: 1, unread: 3 });
      readMessage(tree.ctx, bob, d1.id);
      assert.deepEqual(countInbox(tree.ctx, bob), { direct: 2, broadcast: 1, unread: 2 });
    });

    it('messageTotals counts every message and those sent since a time', () => {
      sendMessage(tree.ctx, alice, bob, 'old', '');
      const cut = tree.clock.now() + 60_000;
      tree.clock.advance(60_000);
      sendMessage(tree.ctx, bob, alice, 'new', '');
      sendMessage(tree.ctx, bob, 'broadcast', 'new too', '');
      assert.deepEqual(messageTotals(tree.ctx, cut), { total: 3, since: 2, inboxes: 3 });
    });
  });
});
