import type { Command } from './command';
import { claimCommand } from './commands/claim';
import { claimsCommand } from './commands/claims';
import { doctorCommand } from './commands/doctor';
import { heartbeatCommand } from './commands/heartbeat';
import { inboxCommand } from './commands/inbox';
import { initCommand } from './commands/init';
import { readCommand } from './commands/read';
import { releaseCommand } from './commands/release';
import { renewCommand } from './commands/renew';
import { sendCommand } from './commands/send';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { stopCommand } from './commands/stop';
import { workCommand } from './commands/work';
import { simulateCommand } from './commands/simulate';
import { syncCommand } from './commands/sync';
import { watchCommand } from './commands/watch';

/** In the order `coord --help` lists them: an agent's loop first. */
export const commands: Command[] = [
  initCommand, startCommand, stopCommand, statusCommand, heartbeatCommand, claimCommand, renewCommand, releaseCommand,
  claimsCommand, sendCommand, inboxCommand, readCommand, workCommand, syncCommand, watchCommand, doctorCommand, simulateCommand,
];
