import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { writeSse, type LoggedRequest, type ModelApi } from '../lib/scriptedModelServer';

/**
 * One output of the model: text (the turn ends), a shell command (`exec_command`), or an MCP tool — which Codex
 * offers as a namespace: `{namespace: "mcp__coord", name: "claim"}` (the joined `mcp__coord__claim` is refused).
 */
export type ResponsesStep =
  { text: string } | { shell: string } | { mcp: { server: string; tool: string; args: Record<string, unknown> } };

/** A tool's output as the model received it, with the call it answers. */
export interface FunctionOutputSeen {
  callId: string;
  /** `exec_command`, or `mcp__<server>.<tool>` for an MCP tool. */
  name: string;
  args: any;
  output: string;
}

/** A main-loop request (one with tools), seen the way a scenario picks its step from it. */
export interface ResponsesTurn {
  request: LoggedRequest;
  /** How many outputs of the model the conversation holds already (each step answers with exactly one). */
  step: number;
  outputs: FunctionOutputSeen[];
  /** The input items' text in order (developer items — where hook text lands — included), one per line block. */
  text: string;
  /** The input items themselves. */
  input: any[];
}

export type ResponsesScenario = (turn: ResponsesTurn) => ResponsesStep | Promise<ResponsesStep>;

function itemText(item: any): string {
  if (item?.type === 'function_call_output')
    return typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
  const content = item?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c: any) => (typeof c?.text === 'string' ? c.text : ''))
    .filter((t: string) => t)
    .join('\n');
}

/** The text of every input item of a Responses request body, in order. */
export function inputText(body: any): string {
  return (body?.input ?? [])
    .map(itemText)
    .filter((t: string) => t)
    .join('\n\n');
}

/** Every function call's output in a Responses request body, oldest first. */
export function functionOutputsOf(body: any): FunctionOutputSeen[] {
  const calls = new Map<string, { name: string; args: any }>();
  const outputs: FunctionOutputSeen[] = [];
  for (const item of body?.input ?? []) {
    if (item?.type === 'function_call') {
      let args: any = item.arguments;
      try {
        args = JSON.parse(item.arguments);
      } catch {
        // kept as the text it was
      }
      calls.set(item.call_id, { name: item.namespace ? `${item.namespace}.${item.name}` : item.name, args });
    }
    if (item?.type === 'function_call_output') {
      const call = calls.get(item.call_id);
      outputs.push({ callId: item.call_id, name: call?.name ?? '?', args: call?.args, output: itemText(item) });
    }
  }
  return outputs;
}

/** How many outputs of the model a request holds: its function calls and its assistant messages. */
export function modelOutputs(body: any): number {
  return (body?.input ?? []).filter(
    (i: any) => i?.type === 'function_call' || (i?.type === 'message' && i?.role === 'assistant'),
  ).length;
}

function outputItem(step: ResponsesStep): any {
  const id = randomBytes(8).toString('hex');
  if ('text' in step)
    return {
      type: 'message',
      id: `msg_${id}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: step.text, annotations: [] }],
    };
  if ('shell' in step)
    return {
      type: 'function_call',
      id: `fc_${id}`,
      call_id: `call_${id}`,
      name: 'exec_command',
      arguments: JSON.stringify({ cmd: step.shell }),
    };
  return {
    type: 'function_call',
    id: `fc_${id}`,
    call_id: `call_${id}`,
    namespace: `mcp__${step.mcp.server}`,
    name: step.mcp.tool,
    arguments: JSON.stringify(step.mcp.args),
  };
}

function stream(response: ServerResponse, step: ResponsesStep): void {
  const id = `resp_${randomBytes(8).toString('hex')}`;
  const item = outputItem(step);
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  writeSse(response, 'response.created', { type: 'response.created', response: { id } });
  writeSse(response, 'response.output_item.added', { type: 'response.output_item.added', output_index: 0, item });
  if (item.type === 'message') {
    writeSse(response, 'response.output_text.delta', {
      type: 'response.output_text.delta',
      item_id: item.id,
      output_index: 0,
      content_index: 0,
      delta: item.content[0].text,
    });
  }
  writeSse(response, 'response.output_item.done', { type: 'response.output_item.done', output_index: 0, item });
  writeSse(response, 'response.completed', {
    type: 'response.completed',
    response: {
      id,
      usage: {
        input_tokens: 10,
        input_tokens_details: null,
        output_tokens: 5,
        output_tokens_details: null,
        total_tokens: 15,
      },
    },
  });
  response.end();
}

/** A request without tools (a side request): answered with plain text. */
export function isSideResponsesRequest(body: any): boolean {
  return !Array.isArray(body?.tools) || body.tools.length === 0;
}

/**
 * The OpenAI Responses API as Codex 0.171 uses it: `POST /v1/responses` (always streamed) and `GET /v1/models`.
 * Requests with tools go to the scenario, which picks its step from the request (an async scenario may hold the
 * answer while the test does something between two of the agent's steps); side requests get plain text.
 */
export function openaiResponses(scenario: ResponsesScenario): ModelApi {
  return {
    name: 'openai-responses',
    routes: {
      'POST /v1/responses': async (request, response) => {
        if (isSideResponsesRequest(request.body)) return stream(response, { text: 'Coordination test' });
        const input = request.body?.input ?? [];
        const turn: ResponsesTurn = {
          request,
          step: modelOutputs(request.body),
          outputs: functionOutputsOf(request.body),
          text: inputText(request.body),
          input,
        };
        stream(response, await scenario(turn));
      },
      'GET /v1/models': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data: [], models: [] }));
      },
    },
  };
}

/** The main-loop requests (with tools) among the logged ones, oldest first. */
export function responsesRequests(requests: LoggedRequest[]): LoggedRequest[] {
  return requests.filter((r) => r.path === '/v1/responses' && !isSideResponsesRequest(r.body));
}
