import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { ErrorCode } from './errors.js';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface ServeOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: (request: IncomingMessage) => Promise<C>;
  port: number;
  host?: string;
  /**
   * Plain HTTP routes beside GraphQL, e.g. `/health`. A key ending in `/` serves every path
   * below it (`/media/` serves `/media/<id>`); an exact key wins, then the longest such prefix.
   */
  routes?: Record<string, RouteHandler>;
  /** Largest request body read (default 1 MB); a larger one is answered 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes?: number;
}

export interface HttpEndpoint {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql */
  url: string;
  port: number;
  close(): Promise<void>;
}

class PayloadTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  // A declared length over the limit is refused before a byte is read.
  if (Number(request.headers['content-length'] ?? 0) > limit) throw new PayloadTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The route for a path: its exact key, else the longest key ending in `/` that starts it. */
function findRoute(routes: Record<string, RouteHandler>, pathname: string): RouteHandler | undefined {
  if (Object.hasOwn(routes, pathname)) return routes[pathname];
  let prefix: string | undefined;
  for (const key of Object.keys(routes)) {
    if (key.endsWith('/') && key !== '/' && pathname.startsWith(key) && (!prefix || key.length > prefix.length)) prefix = key;
  }
  return prefix ? routes[prefix] : undefined;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * Serves an Apollo Server on node:http at `/graphql` (and `/` for the landing page), plus
 * plain routes. One implementation for gateway and subgraphs.
 */
export async function serveGraphQL<C extends BaseContext>(options: ServeOptions<C>): Promise<HttpEndpoint> {
  const { apollo, context, routes = {}, maxBodyBytes = 1_000_000 } = options;
  const sockets = new Set<import('node:net').Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = findRoute(routes, url.pathname);
    if (route) return route(request, response);
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      return sendJson(response, 404, { errors: [{ message: 'Not found: GraphQL is served at /graphql.', extensions: { code: 'NOT_FOUND' } }] });
    }
    let body: unknown;
    if (request.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(request, maxBodyBytes);
      } catch (error) {
        if (error instanceof PayloadTooLarge) {
          // The rest of the body is never read: a client reusing this connection (keep-alive)
          // would wait forever for the answer to its next request.
          response.setHeader('connection', 'close');
          return sendJson(response, 413, { errors: [{ message: `Request body exceeds ${maxBodyBytes} bytes.`, extensions: { code: ErrorCode.PayloadTooLarge } }] });
        }
        throw error;
      }
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.includes('application/json')) {
        try {
          body = raw.length ? JSON.parse(raw) : undefined;
        } catch {
          return sendJson(response, 400, { errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
        }
      } else body = raw;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => context(request),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    port,
    close: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => sockets.forEach((socket) => socket.destroy()), 1000).unref();
      });
    },
  };
}
