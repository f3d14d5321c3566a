import { writeSync } from 'node:fs';
import { runCli } from './run';

/**
 * Writes straight to the file descriptor: constructing process.stdout loads the streams stack, a large share
 * of a short CLI run. EAGAIN (a non-blocking pipe that is full) is retried until everything is written.
 */
function writeAll(fd: number, text: string): void {
  const data = Buffer.from(`${text}\n`, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const code = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => writeAll(1, text),
  stderr: (text) => writeAll(2, text),
});
if (typeof code === 'number') process.exitCode = code;
else void code.then((c) => (process.exitCode = c));
