import { usageError } from '../../core/store/errors';
import { sessionKinds, type SessionKind } from '../../core/records/session';
import { startSession } from '../../core/sessions/sessions';
import { rejectExtra, stringValue } from '../args';
import type { Command } from '../command';

const usage = 'coord start [--name N] [--role R] [--kind agent|human]';

export const startCommand: Command = {
  name: 'start',
  summary: 'register a new session and print its id',
  usage,
  details: 'Prints `export COORD_SESSION=<id>` first, so `eval "$(coord start --name builder)"` sets it in a shell.',
  options: {
    name: { type: 'string', help: '--name N         display name (default: "agent", or your user name for humans)' },
    role: { type: 'string', help: '--role R         what this session does, e.g. backend, reviewer' },
    kind: { type: 'string', help: '--kind K         agent (default) or human' },
  },
  run({ ctx, values, positionals }) {
    rejectExtra(positionals, 0, usage);
    const kind = stringValue(values, 'kind') ?? 'agent';
    if (!(sessionKinds as readonly string[]).includes(kind))
      throw usageError(`--kind ${JSON.stringify(kind)} must be agent or human`);
    const name = stringValue(values, 'name');
    const role = stringValue(values, 'role');
    const session = startSession(ctx, {
      kind: kind as SessionKind,
      ...(name !== undefined ? { name } : {}),
      ...(role !== undefined ? { role } : {}),
    });
    return {
      json: { session, export: `export COORD_SESSION=${session.id}` },
      text: `export COORD_SESSION=${session.id}\n# session ${session.id} started (${session.kind}${session.role ? `, ${session.role}` : ''}); run the line above so coord knows who you are`,
    };
  },
};
