import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { CoordContext } from '../core/records/context';
import { LiveStatus, type LiveStatusFrame } from '../core/views/liveStatus';
import type { CommandOutput } from './command';
import { renderBoard, type BoardSize } from './liveBoard';
import { cliComputers, statusJsonWithComputers } from './statusJson';

export interface StatusWatchInput {
  ctx: CoordContext;
  session: string;
  json: boolean;
  env: Record<string, string | undefined>;
}

// The alternate screen keeps the user's scrollback as it was; autowrap off is a second guard against a line the
// width count got wrong pushing the board down; the cursor is hidden while the board is drawn over and over.
const enterScreen = '\u001b[?1049h\u001b[?25l\u001b[?7l';
const leaveScreen = '\u001b[?7h\u001b[?25h\u001b[?1049l';
const home = '\u001b[H';
const clearLine = '\u001b[K';
const clearBelow = '\u001b[J';

class OutputClosed extends Error {}

/**
 * `coord status --watch`: the board redrawn in place on each change (or, with --json, one status object per line
 * per change) until SIGINT, SIGTERM or SIGHUP, which all end it with exit 0 and the terminal as it was.
 */
export async function runStatusWatch({ ctx, session, json, env }: StatusWatchInput): Promise<CommandOutput> {
  const tty = isatty(1);
  const board = !json && tty;
  // https://no-color.org: any non-empty NO_COLOR turns colour off; so does output that is not a terminal.
  const color = board && !env.NO_COLOR;
  let last: LiveStatusFrame | undefined;
  let drawn = '';
  let warning = '';

  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  let stopping = false;
  const stop = () => {
    stopping = true;
    wake();
  };

  const size = (): BoardSize => {
    if (!board) return { width: Infinity, height: Infinity };
    // A pseudo-terminal nobody sized reports 0 × 0: draw for the classic 80 × 24 then.
    return { width: process.stdout.columns || 80, height: process.stdout.rows || 24 };
  };
  const draw = () => {
    if (!last || stopping) return;
    try {
      if (json) {
        const computers = cliComputers(last.status, last.computerFacts, ctx.host);
        return write(`${JSON.stringify({ ok: true, ...statusJsonWithComputers(last.status, computers) })}\n`);
      }
      const screen = size();
      const lines = renderBoard(last, screen, color, warning);
      const text = board ? inPlace(lines, screen.height) : `${lines.join('\n')}\n\n`;
      if (text === drawn) return;
      drawn = text;
      write(text);
    } catch (error) {
      // Whoever read the output went away (a closed pipe, a hung-up terminal): nothing left to show it to.
      if (error instanceof OutputClosed) stop();
      else throw error;
    }
  };
  const onResize = () => {
    drawn = '';
    draw();
  };

  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, stop);
  if (board) {
    process.stdout.on('resize', onResize);
    write(enterScreen);
  }
  const live = new LiveStatus(
    ctx,
    (frame) => {
      last = frame;
      draw();
    },
    {
      ...(session ? { selfId: session } : {}),
      onError: (error) => {
        warning = `watcher: ${error instanceof Error ? error.message : String(error)}`;
        draw();
      },
    },
  );
  try {
    await live.start();
    await stopped;
  } finally {
    for (const signal of signals) process.off(signal, stop);
    if (board) process.stdout.off('resize', onResize);
    await live.dispose();
    if (board) {
      try {
        write(leaveScreen);
      } catch {
        // The terminal is gone; there is no screen left to restore.
      }
    }
  }
  // Everything was streamed as it happened: the runner prints nothing more.
  return { json: {}, text: '', printed: true };
}

/**
 * The board drawn over the last one. Each line is erased before it is written, never after: a line as wide as the
 * terminal leaves the cursor on its last column, and an erase there would take that column (the `…` of a cut line)
 * with it. The rest of the screen is erased from the line below the board, when there is one: a line break on the
 * last row would scroll the board up.
 */
function inPlace(lines: readonly string[], height: number): string {
  const body = lines.map((line) => `${clearLine}${line}`).join('\r\n');
  return `${home}${body}${lines.length < height ? `\r\n${clearBelow}` : ''}`;
}

function write(text: string): void {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(1, data, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE' || code === 'EIO') throw new OutputClosed(code);
      if (code !== 'EAGAIN') throw error;
    }
  }
}
