import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { writeSse, type LoggedRequest, type ModelApi } from '../lib/scriptedModelServer';

/** A tool the model calls: `Bash` runs a shell command; an MCP tool is `mcp__<server>__<tool>`. */
export interface ToolUse {
  name: string;
  input: Record<string, unknown>;
}

/** What the model answers to one request: some text, then tool calls (none: the turn ends). */
export interface AnthropicStep {
  text?: string;
  toolUses?: ToolUse[];
}

/** A tool result as the model received it: the call it answers and its content as text. */
export interface ToolResultSeen {
  toolUseId: string;
  /** The name of the tool called, from the assistant turn that made the call. */
  name: string;
  input: unknown;
  text: string;
  isError: boolean;
}

/** A request of the main loop (one with tools), seen the way a scenario picks its step from it. */
export interface MessagesTurn {
  request: LoggedRequest;
  /** How many assistant turns the conversation holds already: step 0 is the first answer. */
  step: number;
  toolResults: ToolResultSeen[];
  /** Every message's text, system entries included: where hook text is looked for. */
  text: string;
}

/**
 * Decides the step from the request alone; several agents may share a scenario only if it looks at the request. An
 * async scenario may hold its answer while the test does something between two of the agent's steps.
 */
export type AnthropicScenario = (turn: MessagesTurn) => AnthropicStep | Promise<AnthropicStep>;

function blocksOf(content: unknown): any[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

function textOf(content: unknown): string {
  return blocksOf(content)
    .map((b) => (b?.type === 'text' ? String(b.text) : b?.type === 'tool_result' ? textOf(b.content) : ''))
    .filter((t) => t)
    .join('\n');
}

/** How many assistant turns a Messages request body holds. */
export function assistantTurns(body: any): number {
  return (body?.messages ?? []).filter((m: any) => m?.role === 'assistant').length;
}

/** Every tool result in a Messages request body, oldest first, with the call each answers. */
export function toolResultsOf(body: any): ToolResultSeen[] {
  const calls = new Map<string, { name: string; input: unknown }>();
  const results: ToolResultSeen[] = [];
  for (const message of body?.messages ?? []) {
    for (const block of blocksOf(message?.content)) {
      if (block?.type === 'tool_use') calls.set(block.id, { name: block.name, input: block.input });
      if (block?.type === 'tool_result') {
        const call = calls.get(block.tool_use_id);
        results.push({
          toolUseId: block.tool_use_id,
          name: call?.name ?? '?',
          input: call?.input,
          text: textOf(block.content),
          isError: block.is_error === true,
        });
      }
    }
  }
  return results;
}

/** The text of every message of a request (system entries inside `messages` included) and of its system prompt. */
export function messagesText(body: any): string {
  const messages = (body?.messages ?? []).map((m: any) => textOf(m?.content));
  return messages.join('\n\n');
}

/** A request without tools: title generation and other side requests, answered with plain text. */
export function isSideRequest(body: any): boolean {
  return !Array.isArray(body?.tools) || body.tools.length === 0;
}

function contentOf(step: AnthropicStep): any[] {
  const content: any[] = [];
  if (step.text) content.push({ type: 'text', text: step.text });
  for (const use of step.toolUses ?? []) {
    content.push({
      type: 'tool_use',
      id: `toolu_${randomBytes(12).toString('hex')}`,
      name: use.name,
      input: use.input,
    });
  }
  if (content.length === 0) content.push({ type: 'text', text: 'Done.' });
  return content;
}

function stream(response: ServerResponse, model: string, content: any[], stopReason: string): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const id = `msg_${randomBytes(12).toString('hex')}`;
  writeSse(response, 'message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      writeSse(response, 'content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      writeSse(response, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: block.text },
      });
    } else {
      writeSse(response, 'content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      writeSse(response, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    writeSse(response, 'content_block_stop', { type: 'content_block_stop', index });
  });
  writeSse(response, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: 5 },
  });
  writeSse(response, 'message_stop', { type: 'message_stop' });
  response.end();
}

function reply(request: LoggedRequest, response: ServerResponse, step: AnthropicStep): void {
  const content = contentOf(step);
  const stopReason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const model = String(request.body?.model ?? 'claude-scripted');
  if (request.body?.stream === true) return stream(response, model, content, stopReason);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: `msg_${randomBytes(12).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    }),
  );
}

/**
 * The Anthropic Messages API as Claude Code uses it: `POST /v1/messages` (streamed or not) and
 * `POST /v1/messages/count_tokens`. Requests with tools go to the scenario; side requests get plain text.
 */
export function anthropicMessages(scenario: AnthropicScenario, sideText = 'Coordination test'): ModelApi {
  return {
    name: 'anthropic-messages',
    routes: {
      'POST /v1/messages': async (request, response) => {
        if (isSideRequest(request.body)) return reply(request, response, { text: sideText });
        const turn: MessagesTurn = {
          request,
          step: assistantTurns(request.body),
          toolResults: toolResultsOf(request.body),
          text: messagesText(request.body),
        };
        reply(request, response, await scenario(turn));
      },
      'POST /v1/messages/count_tokens': (request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ input_tokens: Math.ceil(request.raw.length / 4) }));
      },
    },
  };
}

/** The main-loop requests (with tools) among the logged ones, oldest first. */
export function mainLoopRequests(requests: LoggedRequest[]): LoggedRequest[] {
  return requests.filter((r) => r.path === '/v1/messages' && !isSideRequest(r.body));
}
