import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inbox } from '../../../src/core/messages/messages';
import { startSession } from '../../../src/core/sessions/sessions';
import { workItemSchema } from '../../../src/core/records/workItem';
import { addWork, claimNextWork, listWork } from '../../../src/core/work/work';
import { assignWork } from '../../../src/core/work/workAssignment';
import { routeReadyWork } from '../../../src/core/work/workRouting';
import { coordError } from '../../helpers/coordError';
import { makeTempTree, type TempTree } from '../../helpers/tempTree';

describe('work routing and delegation', () => {
  let tree: TempTree;
  beforeEach(() => (tree = makeTempTree()));
  afterEach(() => tree.cleanup());

  it('a v1 work item written before assignee and role existed still reads', () => {
    const old = {
      object: 'work',
      version: 1,
      id: 'old-1',
      title: 'old',
      priority: 5,
      status: 'open',
      dependsOn: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    assert.equal(workItemSchema.safeParse(old).success, true);
  });

  it('work next offers items assigned to the caller first, then its role, then the rest by priority', () => {
    const lead = startSession(tree.ctx, { name: 'lead' }).id;
    const backend = startSession(tree.ctx, { name: 'be', role: 'Backend' }).id;
    const urgent = addWork(tree.ctx, 'urgent, for anyone', { priority: 99 });
    const frontend = addWork(tree.ctx, 'frontend job', { priority: 95, role: 'frontend' });
    const forRole = addWork(tree.ctx, 'backend job', { priority: 10, role: 'backend' });
    const assigned = addWork(tree.ctx, 'assigned job', { priority: 1 });
    assignWork(tree.ctx, lead, assigned.id, backend);

    const order = routeReadyWork(listWork(tree.ctx), { id: backend, role: 'backend' }, () => true).map(
      (v) => v.item.id,
    );
    assert.deepEqual(order, [assigned.id, forRole.id, urgent.id, frontend.id]);
    // Someone else never gets an item delegated to a live session.
    const other = routeReadyWork(listWork(tree.ctx), { id: lead }, () => true).map((v) => v.item.id);
    assert.deepEqual(other, [urgent.id, frontend.id, forRole.id]);

    assert.equal(claimNextWork(tree.ctx, backend)?.item.id, assigned.id);
    assert.equal(claimNextWork(tree.ctx, backend)?.item.id, forRole.id);
    assert.equal(claimNextWork(tree.ctx, lead)?.item.id, urgent.id);
  });

  it('an item tagged for a role is offered to every other session last, after untagged work of lower priority', () => {
    const qa = startSession(tree.ctx, { name: 'qa', role: 'qa' }).id;
    const plain = startSession(tree.ctx, { name: 'plain' }).id;
    const tagged = addWork(tree.ctx, 'frontend job', { priority: 90, role: 'frontend' });
    const untagged = addWork(tree.ctx, 'small chore', { priority: 10 });
    for (const seeker of [{ id: qa, role: 'qa' }, { id: plain }]) {
      const order = routeReadyWork(listWork(tree.ctx), seeker, () => true).map((v) => v.item.id);
      assert.deepEqual(order, [untagged.id, tagged.id], `offered to ${seeker.id}`);
    }
    assert.equal(claimNextWork(tree.ctx, qa)?.item.id, untagged.id);
    assert.equal(claimNextWork(tree.ctx, plain)?.item.id, tagged.id, 'but offered, once nothing else is left');
  });

  it("an item assigned to a session that went away is anyone's again", () => {
    const lead = startSession(tree.ctx, { name: 'lead' }).id;
    const ghost = startSession(tree.ctx, { name: 'ghost' }).id;
    const item = addWork(tree.ctx, 'orphan');
    assignWork(tree.ctx, lead, item.id, ghost);
    assert.equal(claimNextWork(tree.ctx, lead), undefined);
    tree.clock.advance(16 * 60_000);
    const fresh = startSession(tree.ctx, { name: 'fresh2' }).id;
    assert.equal(claimNextWork(tree.ctx, fresh)?.item.id, item.id);
  });

  it('assign sets the assignee, tells them by message, and refuses what cannot work', () => {
    const lead = startSession(tree.ctx, { name: 'lead' }).id;
    const dev = startSession(tree.ctx, { name: 'dev' }).id;
    const item = addWork(tree.ctx, 'Write the parser', { priority: 70, role: 'backend' });
    const result = assignWork(tree.ctx, lead, item.id, dev);
    assert.equal(result.item.assignee, dev);
    assert.equal(result.item.assignedBy, lead);
    assert.equal(JSON.parse(readFileSync(tree.ctx.layout.workFile(item.id), 'utf8')).assignee, dev);
    const [message] = inbox(tree.ctx, dev);
    assert.equal(message?.message.id, result.messageId);
    assert.match(message?.message.subject ?? '', /Work assigned to you: Write the parser/);
    assert.match(message?.message.body ?? '', new RegExp(`coord claim work ${item.id}`));

    assert.equal(assignWork(tree.ctx, dev, item.id, dev).messageId, undefined, 'taking it yourself sends nothing');
    assert.throws(
      () => assignWork(tree.ctx, lead, 'no-such-item', dev),
      coordError('refused', /no work item no-such-item/),
    );
    assert.throws(
      () => assignWork(tree.ctx, lead, item.id, 'nobody-123'),
      coordError('refused', /no session nobody-123/),
    );
    assert.throws(() => assignWork(tree.ctx, lead, item.id, 'Bad Name'), coordError('usage', /assignee/));
    tree.clock.advance(16 * 60_000);
    const late = startSession(tree.ctx, { name: 'late' }).id;
    assert.throws(
      () => assignWork(tree.ctx, late, item.id, dev),
      coordError('refused', /is gone; it cannot take on work/),
    );
  });

  it('a role that is too long or holds control characters is refused', () => {
    assert.throws(() => addWork(tree.ctx, 't', { role: 'x'.repeat(101) }), coordError('usage', /role/));
    assert.throws(() => addWork(tree.ctx, 't', { role: 'a\u0007b' }), coordError('usage', /role/));
    assert.equal(addWork(tree.ctx, 't', { role: '  qa  ' }).role, 'qa');
  });
});
