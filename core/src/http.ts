import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApolloServer, type ApolloServerPlugin, type BaseContext, HeaderMap } from '@apollo/server';
import { ErrorCode } from '@kita/schema';
import cors from 'cors';
import { getOperationAST, Kind, OperationTypeNode, parse } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from './log.js';
import type { CompletedRequest } from './metrics.js';
import { requestIdFrom, requestIdHeader } from './request-id.js';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** The default largest request body of the gateway and every subgraph. */
export const defaultMaxBodyBytes = 1_000_000;

/**
 * A larger body limit for the mutations that carry a file (base64 in their variables). A body
 * over the ordinary limit is read up to this one and then served only if its operation asks
 * for nothing but these mutations, with the document itself within the ordinary limit.
 */
export interface UploadLimit {
  maxBodyBytes: number;
  /** Root fields of the Mutation type that take uploads, e.g. `addFacilityMedia`. */
  mutations: readonly string[];
}

/** What the edge knows of one request; the context gets it, the operation plugin completes it. */
export interface Exchange {
  /** The request's id: the incoming `x-request-id` when well formed, else a new one; echoed on the answer. */
  requestId: string;
  operationName?: string;
  operationType?: string;
}

export interface ServeOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: (request: IncomingMessage, exchange: Exchange) => Promise<C>;
  port: number;
  host?: string;
  /**
   * Plain HTTP routes beside GraphQL, e.g. `/health`. A key ending in `/` serves every path
   * below it (`/media/` serves `/media/<id>`); an exact key wins, then the longest such prefix.
   */
  routes?: Record<string, RouteHandler>;
  /** Largest request body read (default 1 MB); a larger one is answered 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes?: number;
  /** The larger limit of upload mutations (none without it). */
  uploads?: UploadLimit;
  /**
   * Browser frontends on other origins that may call this server (none without it). A function:
   * the list can change while the server runs (e.g. with a reloaded registry).
   */
  cors?: { origins: () => readonly string[] };
  /** GraphQL requests allowed per client address and period (no limit without it); more are answered 429 RATE_LIMITED. */
  rateLimit?: { points: number; durationSeconds: number };
  /** One line per request (method, path, status, duration, request id, operation name; never variables or headers). */
  accessLog?: { logger: Logger; level: 'info' | 'debug' };
  /** Called when a GraphQL request's answer is finished (metrics); not for plain routes. */
  onRequest?: (request: CompletedRequest) => void;
  /**
   * Answers a GraphQL request before Apollo Server runs (the gateway's response cache: a hit for
   * a request it has seen pass the whole pipeline). Called after CORS, the rate limit and the
   * body limits, with the body as Apollo Server would get it (a POST's parsed JSON); resolves true
   * when it has answered (and recorded the operation's name and type in `exchange`), false to
   * leave the request to Apollo Server.
   */
  answerEarly?: (request: IncomingMessage, body: unknown, exchange: Exchange, response: ServerResponse) => Promise<boolean>;
}

// The edge's record of a request rides on its context object under a symbol: Apollo Server hands
// plugins a copy of the context (Object.assign, which copies symbol keys too), not the object made.
const exchangeKey = Symbol('kita.exchange');

/**
 * Records each operation's name and type for the access log and the request metrics. Give it to
 * every ApolloServer that `serveGraphQL` serves (plugins are fixed before the server starts).
 */
export function operationRecorder<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          const exchange = (contextValue as { [exchangeKey]?: Exchange })[exchangeKey];
          if (!exchange || !operation) return;
          exchange.operationType = operation.operation;
          if (operationName) exchange.operationName = operationName;
        },
      };
    },
  };
}

export interface HttpEndpoint {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql */
  url: string;
  port: number;
  close(): Promise<void>;
}

class PayloadTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  // A declared length over the limit is refused before a byte is read.
  if (Number(request.headers['content-length'] ?? 0) > limit) throw new PayloadTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Whether a parsed request body asks for upload mutations only (see UploadLimit). */
function isUpload(body: unknown, uploads: UploadLimit, documentLimit: number): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  // The file travels in the variables; a document of megabytes is no upload.
  if (typeof query !== 'string' || query.length > documentLimit) return false;
  try {
    const operation = getOperationAST(
      parse(query, { noLocation: true, maxLexicalTokens: 1000 }),
      typeof operationName === 'string' ? operationName : undefined,
    );
    return (
      operation?.operation === OperationTypeNode.MUTATION &&
      operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && uploads.mutations.includes(selection.name.value))
    );
  } catch {
    return false;
  }
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
 * The `cors` middleware for the listed origins: it answers an allowed origin's preflight itself
 * (204) and adds `access-control-allow-origin` to its other requests; an origin not listed gets
 * no CORS header at all, so the browser refuses. Resolves true when it answered the request.
 */
function crossOrigin(origins: () => readonly string[]) {
  const middleware = cors({
    origin: (origin, allow) => allow(null, origin !== undefined && origins().includes(origin)),
    methods: ['GET', 'POST'],
    // What Apollo Client and Sandbox send; `apollo-require-preflight` satisfies Apollo Server's CSRF prevention.
    // `x-request-id`: a frontend may send its own, to find its request in the gateway's log.
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'accept-language', 'x-request-id'],
    // A frontend can read when to try again after a 429, and the id to quote in a support request.
    exposedHeaders: ['retry-after', 'x-request-id'],
    // Chromium keeps a preflight at most 2 h (Firefox 24 h): each distinct GET URL (a search) is preflighted once in that time.
    maxAge: 7200,
  });
  return (request: IncomingMessage, response: ServerResponse) =>
    new Promise<boolean>((resolve, reject) => {
      middleware(request, response, (error?: unknown) => (error ? reject(error) : resolve(false)));
      // With a synchronous origin check the middleware has answered a preflight by now.
      if (response.writableEnded) resolve(true);
    });
}

/** Counts a request against its client address; the seconds to wait when over the limit, else 0. */
function rateLimiter({ points, durationSeconds }: { points: number; durationSeconds: number }) {
  const limiter = new RateLimiterMemory({ points, duration: durationSeconds });
  return async (request: IncomingMessage): Promise<number> => {
    try {
      await limiter.consume(request.socket.remoteAddress ?? 'unknown');
      return 0;
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      throw refused;
    }
  };
}

/**
 * Serves an Apollo Server on node:http at `/graphql` (and `/` for the landing page), plus
 * plain routes. One implementation for gateway and subgraphs: the edge where bodies are
 * limited, CORS is answered and clients are rate-limited.
 */
export async function serveGraphQL<C extends BaseContext>(options: ServeOptions<C>): Promise<HttpEndpoint> {
  const { apollo, context, routes = {}, maxBodyBytes = defaultMaxBodyBytes, uploads } = options;
  const sockets = new Set<import('node:net').Socket>();
  const answerCrossOrigin = options.cors ? crossOrigin(options.cors.origins) : undefined;
  const waitSeconds = options.rateLimit ? rateLimiter(options.rateLimit) : undefined;
  const readLimit = Math.max(maxBodyBytes, uploads?.maxBodyBytes ?? 0);

  const tooLarge = (response: ServerResponse, limit: number) => {
    // The rest of the body is never read: a client reusing this connection (keep-alive)
    // would wait forever for the answer to its next request.
    response.setHeader('connection', 'close');
    sendJson(response, 413, { errors: [{ message: `Request body exceeds ${limit} bytes.`, extensions: { code: ErrorCode.PayloadTooLarge, limit } }] });
  };

  /** Writes the access log line and reports the request once its answer is finished. */
  const finished = (request: IncomingMessage, response: ServerResponse, exchange: Exchange, path: string, graphql: boolean, startedAt: number) => {
    const completed: CompletedRequest = {
      requestId: exchange.requestId,
      method: request.method ?? 'GET',
      path,
      status: response.statusCode,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      operationType: exchange.operationType ?? 'unknown',
      ...(exchange.operationName ? { operationName: exchange.operationName.slice(0, 100) } : {}),
    };
    // Probes and scrapes (`/health`, `/ready`, `/metrics`) would drown the GraphQL lines: debug only.
    options.accessLog?.logger[graphql ? options.accessLog.level : 'debug']('http_request', { ...completed });
    if (graphql) options.onRequest?.(completed);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const startedAt = performance.now();
    const exchange: Exchange = { requestId: requestIdFrom(request.headers[requestIdHeader]) };
    response.setHeader(requestIdHeader, exchange.requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = findRoute(routes, url.pathname);
    const graphql = !route && (url.pathname === '/graphql' || url.pathname === '/');
    if (options.accessLog || options.onRequest) response.once('close', () => finished(request, response, exchange, url.pathname, graphql, startedAt));
    if (typeof request.headers['x-apollo-operation-name'] === 'string') exchange.operationName = request.headers['x-apollo-operation-name'];
    if (answerCrossOrigin) {
      // No Origin: a same-origin or non-browser request, which CORS does not concern (what the middleware would add is Vary alone).
      if (request.headers.origin === undefined) response.setHeader('vary', 'Origin');
      else if (await answerCrossOrigin(request, response)) return;
    }
    if (route) return route(request, response);
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      return sendJson(response, 404, { errors: [{ message: 'Not found: GraphQL is served at /graphql.', extensions: { code: 'NOT_FOUND' } }] });
    }
    const wait = waitSeconds ? await waitSeconds(request) : 0;
    if (wait > 0) {
      response.setHeader('retry-after', String(wait));
      return sendJson(response, 429, {
        errors: [{ message: `Too many requests from this address: try again in ${wait} s.`, extensions: { code: ErrorCode.RateLimited } }],
      });
    }
    let body: unknown;
    if (request.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(request, readLimit);
      } catch (error) {
        if (error instanceof PayloadTooLarge) return tooLarge(response, readLimit);
        throw error;
      }
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.includes('application/json')) {
        try {
          body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
        } catch {
          return sendJson(response, 400, { errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
        }
      } else body = raw.toString('utf8');
      if (raw.length > maxBodyBytes && !(uploads && isUpload(body, uploads, maxBodyBytes))) return tooLarge(response, maxBodyBytes);
    }
    if (options.answerEarly && (await options.answerEarly(request, body, exchange, response))) return;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: async () => {
        const value = await context(request, exchange);
        Object.defineProperty(value, exchangeKey, { value: exchange, enumerable: true });
        return value;
      },
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
