import { usageError } from '../store/errors';

export interface MarkedBlock {
  /** The whole line that opens the block; recognised by its start, so its wording can change between versions. */
  begin: string;
  /** The whole line that closes it. */
  end: string;
  /** The lines between the markers, without a trailing newline. */
  body: string;
}

export interface BlockPlacement {
  /** Where a file without the block gets it: at the end (text) or after its first line (a script's `#!` line). */
  insert: 'end' | 'after-first-line';
}

/**
 * `content` with `block` in it: the lines from the begin marker to the end marker are replaced in place, and
 * every other byte of the file is kept; without the block it is added. A begin marker without its end is refused
 * rather than guessed at, so a hand-edited file never loses what follows the marker.
 */
export function upsertMarkedBlock(
  content: string,
  block: MarkedBlock,
  placement: BlockPlacement,
  where: string,
): string {
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  const lines = content.split(/\r?\n/);
  const beginKey = markerKey(block.begin);
  const endKey = markerKey(block.end);
  const from = lines.findIndex((l) => l.startsWith(beginKey));
  const to = from < 0 ? -1 : lines.findIndex((l, i) => i > from && l.startsWith(endKey));
  const blockLines = [block.begin, ...block.body.split('\n'), block.end];
  if (from >= 0 && to < 0) {
    throw usageError(
      `${where} has the line ${JSON.stringify(lines[from])} but not its closing ${JSON.stringify(block.end)}`,
      'restore the closing line, or delete the section, and run the command again',
      { action: 'edit-file', path: where },
    );
  }
  if (from >= 0) return [...lines.slice(0, from), ...blockLines, ...lines.slice(to + 1)].join(eol);
  if (content === '') return blockLines.join(eol) + eol;
  if (placement.insert === 'after-first-line') return [lines[0] ?? '', ...blockLines, ...lines.slice(1)].join(eol);
  const trimmed = content.replace(/(\r?\n)*$/, '');
  return `${trimmed}${eol}${eol}${blockLines.join(eol)}${eol}`;
}

/** Whether `content` holds the block's begin marker. */
export function hasMarkedBlock(content: string, block: Pick<MarkedBlock, 'begin'>): boolean {
  const key = markerKey(block.begin);
  return content.split(/\r?\n/).some((l) => l.startsWith(key));
}

/** The stable start of a marker line: up to and including its first space-separated tag (e.g. `<!-- coord:agents:begin`). */
function markerKey(marker: string): string {
  const match = /^\S+ \S+/.exec(marker) ?? /^\S+/.exec(marker);
  return match ? match[0] : marker;
}
