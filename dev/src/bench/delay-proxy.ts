import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A local stand-in for a distant instance: forwards every request after a fixed delay. */
export interface DelayProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * Forwards each request to `target` (an http:// GraphQL URL) `delayMs` after it arrived, over
 * keep-alive connections, and streams the answer back unchanged. The delay is added before
 * forwarding, so the instance's own work is not hidden behind it.
 */
export async function startDelayProxy(target: string, delayMs: number, host = '127.0.0.1'): Promise<DelayProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      await sleep(delayMs);
      const body = Buffer.concat(chunks);
      const headers = { ...incoming.headers, host: upstream.host, 'content-length': String(body.length) };
      delete headers.connection;
      const forwarded = httpRequest(
        { agent, host: upstream.hostname, port: upstream.port, method: incoming.method, path: upstream.pathname + upstream.search, headers },
        (answer) => {
          const { connection: _connection, 'keep-alive': _keepAlive, 'transfer-encoding': _encoding, ...answerHeaders } = answer.headers;
          outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ errors: [{ message: 'delay proxy: upstream failed' }] }));
      });
      forwarded.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}${upstream.pathname}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        sockets.forEach((socket) => socket.destroy());
      });
      agent.destroy();
    },
  };
}
