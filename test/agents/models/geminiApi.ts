import type { ServerResponse } from 'node:http';
import { writeSse, type LoggedRequest, type ModelApi, type RouteHandler } from '../lib/scriptedModelServer';

/** One answer of the model: text (the turn ends) or one function call (`run_shell_command`, `mcp_<server>_<tool>`). */
export type GeminiStep = { text: string } | { call: { name: string; args: Record<string, unknown> } };

/** A function's response as the model received it, with the call it answers. */
export interface FunctionResponseSeen {
  name: string;
  args: any;
  /** The response as text (its `output`, or the whole response as JSON). */
  output: string;
}

export interface GeminiTurn {
  request: LoggedRequest;
  /** How many answers of the model the conversation holds already. */
  step: number;
  responses: FunctionResponseSeen[];
  /** Every part's text, in order: where hook context (`<hook_context>…`) is looked for. */
  text: string;
}

export type GeminiScenario = (turn: GeminiTurn) => GeminiStep | Promise<GeminiStep>;

function responseText(response: any): string {
  return typeof response?.output === 'string' ? response.output : JSON.stringify(response);
}

/** The text of every part of a generateContent request body (function responses included), in order. */
export function contentsText(body: any): string {
  return (body?.contents ?? [])
    .flatMap((c: any) => c?.parts ?? [])
    .map((p: any) =>
      typeof p?.text === 'string' ? p.text : p?.functionResponse ? responseText(p.functionResponse.response) : '',
    )
    .filter((t: string) => t)
    .join('\n\n');
}

/** Every function response of a request body, oldest first, with the call it answers (they pair in order). */
export function functionResponsesOf(body: any): FunctionResponseSeen[] {
  const calls: any[] = [];
  const seen: FunctionResponseSeen[] = [];
  for (const part of (body?.contents ?? []).flatMap((c: any) => c?.parts ?? [])) {
    if (part?.functionCall) calls.push(part.functionCall);
    if (part?.functionResponse) {
      const call = calls.find(
        (c) => (c.id && c.id === part.functionResponse.id) || c.name === part.functionResponse.name,
      );
      if (call) calls.splice(calls.indexOf(call), 1);
      seen.push({
        name: part.functionResponse.name,
        args: call?.args,
        output: responseText(part.functionResponse.response),
      });
    }
  }
  return seen;
}

function candidate(step: GeminiStep): any {
  const part = 'text' in step ? { text: step.text } : { functionCall: { name: step.call.name, args: step.call.args } };
  return {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
  };
}

/** A request without tools (a side request: a classifier, a summary): plain text, or JSON when JSON is asked for. */
function sideAnswer(body: any): GeminiStep {
  if (body?.generationConfig?.responseMimeType === 'application/json')
    return { text: JSON.stringify({ reasoning: 'done', next_speaker: 'user' }) };
  return { text: 'Coordination test' };
}

function answer(response: ServerResponse, streamed: boolean, step: GeminiStep): void {
  if (streamed) {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    writeSse(response, undefined, candidate(step));
  } else {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write(JSON.stringify(candidate(step)));
  }
  response.end();
}

/** Models Gemini CLI may ask for: the one given with `-m`, and those of its side requests. */
const models = ['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.5-pro'];

/**
 * The Gemini API as Gemini CLI 0.61 uses it under `GOOGLE_GEMINI_BASE_URL`: `…:streamGenerateContent?alt=sse`,
 * `…:generateContent` and `…:countTokens` of each model. Requests with tools go to the scenario; side requests get
 * plain text.
 */
export function geminiApi(scenario: GeminiScenario): ModelApi {
  const generate =
    (streamed: boolean): RouteHandler =>
    async (request, response) => {
      const body = request.body;
      if (!Array.isArray(body?.tools) || body.tools.length === 0) return answer(response, streamed, sideAnswer(body));
      const turn: GeminiTurn = {
        request,
        step: (body.contents ?? []).filter((c: any) => c?.role === 'model').length,
        responses: functionResponsesOf(body),
        text: contentsText(body),
      };
      answer(response, streamed, await scenario(turn));
    };
  const routes: Record<string, RouteHandler> = {};
  for (const model of models) {
    routes[`POST /v1beta/models/${model}:streamGenerateContent`] = generate(true);
    routes[`POST /v1beta/models/${model}:generateContent`] = generate(false);
    routes[`POST /v1beta/models/${model}:countTokens`] = (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ totalTokens: Math.ceil(request.raw.length / 4) }));
    };
  }
  return { name: 'gemini', routes };
}

/** The main-loop requests (with tools) among the logged ones, oldest first. */
export function geminiRequests(requests: LoggedRequest[]): LoggedRequest[] {
  return requests.filter(
    (r) => /GenerateContent$/.test(r.path) && Array.isArray(r.body?.tools) && r.body.tools.length > 0,
  );
}
