import type { Command } from './command';

/**
 * Every command, in the order `coord --help` lists them (an agent's loop first), each loaded only when it runs:
 * esbuild turns these `require`s into lazily initialised modules, so `coord claim` never initialises the sync,
 * health or simulation code (and their schemas) it does not use.
 */
const loaders: [name: string, load: () => Command][] = [
  ['init', () => (require('./commands/init') as typeof import('./commands/init')).initCommand],
  ['start', () => (require('./commands/start') as typeof import('./commands/start')).startCommand],
  ['stop', () => (require('./commands/stop') as typeof import('./commands/stop')).stopCommand],
  ['status', () => (require('./commands/status') as typeof import('./commands/status')).statusCommand],
  ['heartbeat', () => (require('./commands/heartbeat') as typeof import('./commands/heartbeat')).heartbeatCommand],
  ['claim', () => (require('./commands/claim') as typeof import('./commands/claim')).claimCommand],
  ['renew', () => (require('./commands/renew') as typeof import('./commands/renew')).renewCommand],
  ['release', () => (require('./commands/release') as typeof import('./commands/release')).releaseCommand],
  ['claims', () => (require('./commands/claims') as typeof import('./commands/claims')).claimsCommand],
  ['send', () => (require('./commands/send') as typeof import('./commands/send')).sendCommand],
  ['inbox', () => (require('./commands/inbox') as typeof import('./commands/inbox')).inboxCommand],
  ['read', () => (require('./commands/read') as typeof import('./commands/read')).readCommand],
  ['hook', () => (require('./commands/hook') as typeof import('./commands/hook')).hookCommand],
  ['guard', () => (require('./commands/guard') as typeof import('./commands/guard')).guardCommand],
  ['work', () => (require('./commands/work') as typeof import('./commands/work')).workCommand],
  ['sync', () => (require('./commands/sync') as typeof import('./commands/sync')).syncCommand],
  ['health', () => (require('./commands/health') as typeof import('./commands/health')).healthCommand],
  ['report', () => (require('./commands/report') as typeof import('./commands/report')).reportCommand],
  ['watch', () => (require('./commands/watch') as typeof import('./commands/watch')).watchCommand],
  ['mcp', () => (require('./commands/mcp') as typeof import('./commands/mcp')).mcpCommand],
  ['doctor', () => (require('./commands/doctor') as typeof import('./commands/doctor')).doctorCommand],
  ['simulate', () => (require('./commands/simulate') as typeof import('./commands/simulate')).simulateCommand],
];

export function findCommand(name: string): Command | undefined {
  return loaders.find(([n]) => n === name)?.[1]();
}

/** All of them, for the main help. */
export function loadAllCommands(): Command[] {
  return loaders.map(([, load]) => load());
}
