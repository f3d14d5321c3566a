import type { AuthorityView } from './claimAuthority';
import type { CoordContext } from '../records/context';
import { readComputers, writeComputers, type WriterSeen } from './computersFile';

const subjectHost = /^coord sync from (.{1,255}?): \d+ file\(s\)$/;

/**
 * Records, after a round, every computer whose tree is on the remote and when its news last arrived — by this
 * computer's clock: a writer's `newsAt` moves only when its ref moved since the last round.
 */
export function noteComputers(
  ctx: CoordContext,
  remote: string,
  self: string,
  view: AuthorityView,
  publishedTip: string | null,
): void {
  const before = new Map((readComputers(ctx.layout)?.writers ?? []).map((w) => [w.writer, w]));
  const now = new Date(ctx.clock.now()).toISOString();
  const writers: WriterSeen[] = [];
  for (const [writer, tree] of view.trees) {
    const tip = writer === self && publishedTip ? publishedTip : tree.commit;
    const previous = before.get(writer);
    const host =
      writer === self ? ctx.host : (subjectHost.exec(tree.subject)?.[1] ?? writer.slice(0, writer.lastIndexOf('.')));
    writers.push({ writer, host, tip, newsAt: previous && previous.tip === tip ? previous.newsAt : now });
  }
  if (publishedTip && !view.trees.has(self))
    writers.push({ writer: self, host: ctx.host, tip: publishedTip, newsAt: now });
  writeComputers(ctx.layout, { version: 1, remote, self: { writer: self, host: ctx.host }, writers });
}
