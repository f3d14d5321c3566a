import type { CoordContext } from '../core/records/context';
import type { SyncSettings } from '../core/sync/syncSettings';
import type { SessionKind } from '../core/records/session';
import type { Schema } from '../core/store/schemaIssues';

/**
 * One operation an agent can call, defined once for both adapters: the MCP server (`coord mcp`) and VS Code's
 * language-model tools. Nothing here imports vscode or the MCP SDK; each adapter supplies an AgentToolEnv.
 */
export interface AgentTool<Input = any> {
  /** The MCP tool name; VS Code's name is `lmToolName(name)`. */
  name: string;
  title: string;
  /** What the tool does and when to call it, written for a model. */
  description: string;
  /** A zod/mini object schema: validates input, and its JSON schema is what both adapters declare. */
  input: Schema<Input> & object;
  /** Writes the shared tree (others see it): VS Code asks the person first, and refuses it in an untrusted workspace. */
  mutating: boolean;
  /** Undoes someone else's work (a forced release): MCP's destructiveHint. */
  destructive?: boolean;
  run(input: Input, env: AgentToolEnv): AgentToolResult | Promise<AgentToolResult>;
  /** One line for a confirmation dialog: what this call will do, e.g. "Claim issue/42 for 2h". */
  describeCall?(input: Input): string;
  /** What a call is about (`claim: {type, name}`, `item`, `to`…), for its error result, which has no other facts. */
  concerns?(input: Input): Record<string, unknown>;
}

/**
 * What a tool returns: the facts as a plain object (MCP structured content, which is what Claude Code hands the
 * model) and a short text for people and for clients that show only text. Every structured result, success or
 * error, says its `outcome` in a word (claimed, already-held, refused, released, sent…) and `next`: in words
 * naming tools and their fields, what the agent should do now.
 */
export interface AgentToolResult {
  structured: { outcome: string; next: string } & Record<string, unknown>;
  text: string;
}

/** What an adapter provides to the tools. */
export interface AgentToolEnv {
  /** The tree's context, opened for this call. */
  ctx: CoordContext;
  /** The session a call acts as: `explicit` when given, else the adapter's own (undefined: none yet). */
  actingSession(explicit: string | undefined): string | undefined;
  /** After `register`: from now on the adapter acts as this session. */
  adopt(sessionId: string): void | Promise<void>;
  /** The kind a session made by `register` gets when the caller does not say. */
  defaultKind: SessionKind;
  /** Files a call changed, so an adapter with a cache (VS Code's views) can show them at once. */
  touched(paths: string[]): void;
  /** Which remote decides claims (the operations layer confirms claims and releases on it before answering). */
  syncSettings: SyncSettings;
}
