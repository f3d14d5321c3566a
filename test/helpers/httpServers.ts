import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A real HTTP server on loopback whose behaviour each path picks; it counts every request it receives. */
export async function startTestServer(): Promise<{ base: string; requests: () => number; close(): Promise<void> }> {
  let count = 0;
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    count++;
    if (req.url === '/ok') res.end('ok');
    else if (req.url?.startsWith('/slow/')) setTimeout(() => res.end('slow'), Number(req.url.slice(6)));
    else if (req.url === '/fail') {
      res.statusCode = 500;
      res.end('boom');
    } else if (req.url === '/created') {
      res.statusCode = 201;
      res.end();
    } else if (req.url === '/hang') hanging.add(res);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that was just free: nothing listens there, so a connection is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
