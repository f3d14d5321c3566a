import * as vscode from 'vscode';
import { isAlive } from '../../core/sessions/liveness';
import { sendMessage } from '../../core/messages/messages';
import { broadcast, type Priority } from '../../core/records/message';

/** Normal first, so Enter sends an ordinary message. */
const priorityChoices: Priority[] = ['normal', 'high', 'critical', 'low'];
import type { InboxEntry } from '../../core/messages/messages';
import type { CoordinationRoot } from '../coordinationRoot';
import { askText } from '../inputs';
import { MessageDocumentProvider } from '../messageDocuments';
import { registerCommand } from './commandRunner';
import { requireRoot, requireSession, type CommandDeps } from './commandDeps';

interface MessageArgument {
  root: CoordinationRoot;
  entry: InboxEntry;
}

interface SessionArgument {
  root: CoordinationRoot;
  view: { session: { id: string } };
}

export function registerMessageCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log } = deps;
  return [
    registerCommand(
      log,
      'coordination.sendMessage',
      async (arg?: SessionArgument | MessageRequest | ComposeRequest) => {
        const tree = arg && 'view' in arg ? arg : undefined;
        const root = await requireRoot(
          deps,
          'Send Message',
          tree?.root ?? (arg && !('view' in arg) ? arg.root : undefined),
        );
        if (!root) return;
        const self = requireSession(root);
        if (arg && 'composeTo' in arg) return compose(root, self, arg.composeTo, { subject: arg.subject });
        if (arg && 'subject' in arg) return send(root, self, arg).id;
        const to = tree?.view.session.id ?? (await pickRecipient(root, self));
        if (!to) return;
        await compose(root, self, to);
      },
    ),

    registerCommand(log, 'coordination.broadcast', async (arg?: Omit<MessageRequest, 'to'>) => {
      const root = await requireRoot(deps, 'Broadcast', arg?.root);
      if (!root) return;
      if (arg && 'subject' in arg) return send(root, requireSession(root), { ...arg, to: broadcast }).id;
      await compose(root, requireSession(root), broadcast);
    }),

    registerCommand(log, 'coordination.openMessage', async (arg?: MessageArgument) => {
      if (!arg?.entry) return;
      const m = arg.entry.message;
      const doc = await vscode.workspace.openTextDocument(
        MessageDocumentProvider.uriFor(arg.root.rootPath, m.id, m.subject),
      );
      await vscode.window.showTextDocument(doc, { preview: true });
    }),

    registerCommand(log, 'coordination.replyMessage', async (arg?: MessageArgument) => {
      if (!arg?.entry) return;
      const root = await requireRoot(deps, 'Reply', arg.root);
      if (!root) return;
      const m = arg.entry.message;
      const subject = m.subject.startsWith('Re: ') ? m.subject : `Re: ${m.subject}`;
      await compose(root, requireSession(root), m.from, { subject: subject.slice(0, 200), replyTo: m.id });
    }),
  ];
}

async function pickRecipient(root: CoordinationRoot, self: string): Promise<string | undefined> {
  const live = (root.snapshot()?.sessions ?? []).filter((s) => s.session.id !== self && isAlive(s.state));
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(broadcast) Broadcast', description: 'every session', id: broadcast },
      ...live.map((s) => ({
        label: s.session.name,
        description: `${s.session.id}${s.session.role ? ` · ${s.session.role}` : ''} · ${s.state}`,
        id: s.session.id,
      })),
    ],
    { title: 'Send Message (1/4)', placeHolder: live.length ? 'To whom?' : 'No other live session — broadcast?' },
  );
  return picked?.id;
}

async function compose(
  root: CoordinationRoot,
  self: string,
  to: string,
  reply?: { subject: string; replyTo?: string },
): Promise<void> {
  const title = to === broadcast ? 'Broadcast' : `Message to ${to}`;
  const subject = await askText(`${title} (2/4)`, 'Subject', { value: reply?.subject ?? '', maxLength: 200 });
  if (subject === undefined) return;
  const body = await askText(`${title} (3/4)`, 'Message', { optional: true, maxLength: 64 * 1024 });
  if (body === undefined) return;
  const priority = await vscode.window.showQuickPick(
    priorityChoices.map((p) => ({ label: p })),
    { title: `${title} (4/4)`, placeHolder: 'Priority' },
  );
  if (!priority) return;
  send(root, self, {
    to,
    subject,
    body,
    priority: priority.label as Priority,
    ...(reply?.replyTo ? { replyTo: reply.replyTo } : {}),
  });
}

/** Opens the prompts to write to `composeTo`, with the subject filled in (a warning's "Message Them" does). */
interface ComposeRequest {
  composeTo: string;
  subject: string;
  root?: CoordinationRoot;
}

/** A message as callers (and tests) pass it to the send commands instead of answering the prompts. */
interface MessageRequest {
  to: string;
  subject: string;
  body: string;
  priority?: Priority;
  replyTo?: string;
  /** The folder to send in; without it a multi-root window asks (the dashboard passes the one it shows). */
  root?: CoordinationRoot;
}

function send(root: CoordinationRoot, self: string, request: MessageRequest) {
  const message = sendMessage(root.ctx, self, request.to, request.subject, request.body, {
    priority: request.priority ?? 'normal',
    ...(request.replyTo ? { replyTo: request.replyTo } : {}),
  });
  root.refreshPaths([root.ctx.layout.messageFile(request.to, message.id)]);
  vscode.window.setStatusBarMessage(`$(mail) Sent to ${request.to}`, 3000);
  return message;
}
