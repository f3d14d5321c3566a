import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  JSONRPCMessageSchema,
  ListToolsRequestSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { describeIssues, type SchemaIssue } from '../core/store/schemaIssues';
import { describeInputIssues } from '../agentTools/inputIssues';

/** A line longer than this is refused unread (the SDK's own stdio transport stops at the same size). */
const maxLineBytes = 10 * 1024 * 1024;

/** The requests whose params are checked here, before the SDK, so a bad one is -32602 naming the field. */
interface RequestSchema {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly SchemaIssue[] } };
}

const paramSchemas: Record<string, RequestSchema> = {
  initialize: InitializeRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
};

type Id = string | number | null;

/**
 * MCP over stdio: one JSON-RPC message per line. Unlike the SDK's stdio transport, which drops what it cannot parse
 * (the client then waits for an answer that never comes), every line that is not one valid message is answered
 * with a JSON-RPC error: not JSON is -32700; a batch (an array: MCP 2025-06-18 removed batching) or an object that
 * is not a JSON-RPC 2.0 message is -32600; a request to initialize or to the tools whose params do not fit is
 * -32602 naming the field (the SDK would answer -32603 with a dump of its validator's issues).
 */
export class McpStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private buffer: Buffer = Buffer.alloc(0);
  /** Inside a line that was too long: its rest up to the next newline is dropped. */
  private skipping = false;

  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {}

  private readonly onData = (chunk: Buffer): void => {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (let newline = this.buffer.indexOf(0x0a); newline !== -1; newline = this.buffer.indexOf(0x0a)) {
      const line = this.buffer.toString('utf8', 0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.subarray(newline + 1);
      if (this.skipping) this.skipping = false;
      else this.handleLine(line);
    }
    if (this.buffer.length > maxLineBytes) {
      this.buffer = Buffer.alloc(0);
      if (!this.skipping) {
        this.reject(null, ErrorCode.InvalidRequest, `Invalid Request: a message longer than ${maxLineBytes} bytes`);
      }
      this.skipping = true;
    }
  };

  private readonly onError = (error: Error): void => this.onerror?.(error);

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onError);
    this.buffer = Buffer.alloc(0);
    this.onclose?.();
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.reject(null, ErrorCode.ParseError, `Parse error: the line is not JSON (${why})`);
      return;
    }
    if (Array.isArray(value)) {
      this.reject(
        null,
        ErrorCode.InvalidRequest,
        'Invalid Request: batches (JSON arrays) are not supported; send one JSON-RPC message per line',
      );
      return;
    }
    const problem = envelopeProblem(value);
    const id = idOf(value);
    if (problem) {
      this.reject(id, ErrorCode.InvalidRequest, `Invalid Request: ${problem}`);
      return;
    }
    const message = value as { method?: string; id?: unknown; params?: unknown };
    const params = message.params;
    const paramsObject = typeof params === 'object' && params !== null && !Array.isArray(params);
    if (message.method !== undefined && 'params' in message && !paramsObject) {
      this.reject(id, ErrorCode.InvalidParams, `Invalid params for ${message.method}: params must be an object`);
      return;
    }
    const schema = message.method !== undefined && message.id !== undefined ? paramSchemas[message.method] : undefined;
    const checked = schema?.safeParse(value);
    if (checked && !checked.success) {
      const issues = describeInputIssues(value, checked.error?.issues ?? []);
      this.reject(id, ErrorCode.InvalidParams, `Invalid params for ${message.method}: ${issues}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues as readonly SchemaIssue[]);
      this.reject(id, ErrorCode.InvalidRequest, `Invalid Request: ${issues}`);
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private reject(id: Id, code: number, message: string): void {
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

/** What makes `value` not a JSON-RPC 2.0 request, notification or response, in words; undefined when it is one. */
function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'a message must be a JSON object';
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  if ('id' in m && !(typeof m.id === 'string' || (typeof m.id === 'number' && Number.isInteger(m.id)))) {
    return 'id must be a string or an integer';
  }
  if ('method' in m) {
    return typeof m.method !== 'string' ? 'method must be a string' : undefined;
  }
  if (!('id' in m)) return 'a message needs a method (a request or notification) or an id (a response)';
  if (!('result' in m) && !('error' in m)) return 'a response needs a result or an error';
  return undefined;
}

/** The id to answer with: the message's own when it has a usable one, else null (JSON-RPC 2.0 §5). */
function idOf(value: unknown): Id {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value);
  const id = object ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}
