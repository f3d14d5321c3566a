import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request the server received, as the agent sent it. */
export interface LoggedRequest {
  /** Order of arrival, from 0 — across every mount of the server. */
  seq: number;
  method: string;
  /** The path without the mount prefix and without the query. */
  path: string;
  /** The mount it arrived on ('' for the root): which agent sent it when several share one server. */
  mount: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON; undefined when empty or not JSON (then `raw` has it). */
  body: any;
  raw: string;
}

export type RouteHandler = (request: LoggedRequest, response: ServerResponse) => void | Promise<void>;

/** A model API: its routes by path (exact), e.g. `POST /v1/messages`. */
export interface ModelApi {
  name: string;
  routes: Record<string, RouteHandler>;
}

/**
 * A scripted model on 127.0.0.1: the only fake part of a real-agent test. It logs every request — a hook's text is
 * asserted by finding it in the next request the agent sends — and hands each to the API mounted at its path.
 * The API decides what to answer from the request itself (how many assistant turns or tool results it holds), never
 * from what the server saw before: retries and side requests then cannot put a script out of step, and several
 * agents can share one server, each on its own mount (`baseUrl(mount)`).
 */
export class ScriptedModelServer {
  readonly requests: LoggedRequest[] = [];
  /** Requests no route answered (404): a test should see none. */
  readonly unrouted: LoggedRequest[] = [];
  /** Errors thrown by a handler (answered 500): a test should see none. */
  readonly failures: { request: LoggedRequest; error: unknown }[] = [];
  private readonly mounts = new Map<string, ModelApi>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<ScriptedModelServer> {
    // The handler runs only after `self` exists (the server is not listening yet).
    const server = createServer((req, res) => void self.handle(req, res));
    const self = new ScriptedModelServer(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The base URL for an agent: the server root, or a mount of its own (`/claude-a`). */
  baseUrl(mount = ''): string {
    return `http://127.0.0.1:${this.port}${mount}`;
  }

  /** Serves `api` under `mount` ('' for the root, else '/name'). */
  mount(mount: string, api: ModelApi): this {
    if (mount !== '' && !/^\/[A-Za-z0-9_-]+$/.test(mount))
      throw new Error(`mount ${JSON.stringify(mount)} must be '' or /name`);
    this.mounts.set(mount, api);
    return this;
  }

  /** The requests of one mount that reached a route, in order. */
  requestsOf(mount = '', path?: string): LoggedRequest[] {
    return this.requests.filter((r) => r.mount === mount && (path === undefined || r.path === path));
  }

  /** Writes every request (mount, path, body) to a file in the temp folder, for the reader of a failed test. */
  saveRequests(name: string): string {
    const file = join(tmpdir(), `coord-agents-${name}-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        this.requests.map((r) => ({ mount: r.mount, path: r.path, body: r.body })),
        null,
        1,
      ),
    );
    return file;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { mount, path } = this.split(url.pathname);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const logged: LoggedRequest = {
      seq: this.requests.length + this.unrouted.length,
      method: req.method ?? 'GET',
      path,
      mount,
      query: url.searchParams,
      headers: req.headers,
      body,
      raw,
    };
    const handler = this.mounts.get(mount)?.routes[`${logged.method} ${path}`];
    if (!handler) {
      this.unrouted.push(logged);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { type: 'not_found_error', message: `no route ${logged.method} ${url.pathname}` } }),
      );
      return;
    }
    this.requests.push(logged);
    try {
      await handler(logged, res);
    } catch (error) {
      this.failures.push({ request: logged, error });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    }
  }

  private split(pathname: string): { mount: string; path: string } {
    const first = /^\/[^/]+/.exec(pathname)?.[0];
    if (first && this.mounts.has(first)) return { mount: first, path: pathname.slice(first.length) || '/' };
    return { mount: '', path: pathname };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes one server-sent event. */
export function writeSse(response: ServerResponse, event: string | undefined, data: unknown): void {
  response.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}
