import * as vscode from 'vscode';
import { join } from 'node:path';
import type * as AgentToolsBundle from '../../agentTools/agentToolsMain';
import { lmToolName } from '../../agentTools/lmToolName';
import { remedyNext } from '../../agentTools/remedyNext';
import { isWordedToolError } from '../../agentTools/wordedToolError';
import { CoordError, refused, remedyOf } from '../../core/store/errors';
import { requireRoot, type CommandDeps } from '../commands/commandDeps';
import { mayAgentToolsWrite } from '../trust';

/** Our tools' names: lmToolName's prefix, which package.json's declarations carry too. */
const prefix = lmToolName('');

/**
 * The agent tools (src/agentTools) as VS Code language-model tools, declared in package.json's
 * `languageModelTools`. They act as this window's session; those that change the tree ask the person first, and
 * refuse without asking in an untrusted workspace. The tools themselves load on the first call (dist/agentTools.js).
 */
export function registerLanguageModelTools(
  deps: CommandDeps,
  declared: readonly { name: string }[],
): { disposables: vscode.Disposable[]; registered: Map<string, vscode.LanguageModelTool<Record<string, unknown>>> } {
  let bundle: typeof AgentToolsBundle | undefined;
  const tools = () => (bundle ??= require(join(__dirname, 'agentTools.js')) as typeof AgentToolsBundle);
  const registered = new Map<string, vscode.LanguageModelTool<Record<string, unknown>>>();
  const disposables = declared
    .filter((d) => d.name.startsWith(prefix))
    .map(({ name: lmName }) => {
      const name = lmName.slice(prefix.length);
      const tool: vscode.LanguageModelTool<Record<string, unknown>> = {
        prepareInvocation: (options) =>
          prepare(deps, tools().describeAgentToolCall(name, options.input), options.input),
        invoke: async (options) => {
          try {
            const call = tools().describeAgentToolCall(name, options.input);
            if (call.mutating && !mayAgentToolsWrite()) {
              throw refused(
                `${name} changes the coordination tree, which agent tools may not do in an untrusted workspace`,
                'trust this workspace (Manage Workspace Trust) to let agents register, claim and message',
                undefined,
                { action: 'change-environment', need: 'workspace-trust' },
              );
            }
            const root = await requireRoot(deps, call.title);
            if (!root)
              throw refused(
                'no folder was picked',
                `call ${lmName} again and pick the folder whose tree it is for`,
                undefined,
                { action: 'choose-existing', kind: 'folder' },
              );
            const result = await tools().invokeAgentTool(name, options.input, {
              rootPath: root.rootPath,
              session: () => root.sessionId,
              adopt: async (id) => {
                await root.setSessionId(id);
                deps.sessionsChanged();
              },
              // Shown in the views at once; a claim of this window's session is then confirmed by the window's sync.
              touched: (paths) => root.refreshPaths(paths),
              // Claims and releases are confirmed on the folder's remote before the tool answers, as coord does.
              syncSettings: deps.syncSettings(root),
              defaultKind: 'human',
            });
            return new vscode.LanguageModelToolResult([
              new vscode.LanguageModelTextPart(result.text),
              new vscode.LanguageModelTextPart(JSON.stringify(result.structured)),
            ]);
          } catch (error) {
            // Thrown, as VS Code asks of tools: the message (with what to do and the details) goes to the model.
            const message = error instanceof Error ? error.message : String(error);
            // The tools bundle's errors say what to do already; the window's own refusals word their hint for the
            // model; anything else as the tools word it.
            const own = error instanceof CoordError ? error.hint : undefined;
            const hint = isWordedToolError(error) ? '' : `\nWhat to do: ${own ?? remedyNext(remedyOf(error), name)}`;
            deps.log.warn(`${lmName}: ${message.replace(/\n/g, ' — ')}`);
            throw new Error(`${message}${hint}`);
          }
        },
      };
      registered.set(lmName, tool);
      return vscode.lm.registerTool(lmName, tool);
    });
  return { disposables, registered };
}

function prepare(
  deps: CommandDeps,
  call: { title: string; mutating: boolean; what: string },
  input: Record<string, unknown> | undefined,
): vscode.PreparedToolInvocation {
  if (!call.mutating) return { invocationMessage: `${call.title}…` };
  if (!mayAgentToolsWrite()) return { invocationMessage: `${call.title}: refused in an untrusted workspace` };
  const roots = deps.workspace.withTree();
  const session =
    typeof input?.session === 'string' ? input.session : roots.length === 1 ? roots[0]?.sessionId : undefined;
  const as = session ? `as session ${session}` : "as this window's session";
  return {
    invocationMessage: `${call.what}…`,
    confirmationMessages: {
      title: call.title,
      // A plain string, not Markdown: the call's arguments come from a model and are shown, never rendered.
      message: `${call.what}, ${as}${roots.length === 1 ? ` in ${roots[0]?.label}` : ''}. Other sessions see it in docs/coordination.`,
    },
  };
}
