import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A local stand-in for a distant instance: answers every request a fixed delay later. */
export interface DelayProxy {
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

const failed: Answer = {
  status: 502,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ errors: [{ message: 'delay proxy: the instance did not answer' }] })),
};

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

async function listen(server: Server | import('node:net').Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Forwards each request to `target` (an http:// GraphQL URL) `delayMs` after it arrived and
 * passes the answer back. The delay comes before forwarding, so the instance's own work is
 * added to it, not hidden behind it.
 *
 * Forwarding works on the connection's bytes, not on HTTP: every chunk a client sends reaches
 * the instance `delayMs` later, in order, and answers pass at once. Like a network, it then costs
 * next to no CPU, which on this machine the instances would otherwise have to share with it.
 *
 * With `replay`, each distinct request body is forwarded once and its answer then served from
 * memory after the delay: an instance on a machine of its own, whose work costs this one nothing.
 */
export async function startDelayProxy(target: string, delayMs: number, options: { replay?: boolean; host?: string } = {}): Promise<DelayProxy> {
  return options.replay ? startReplayProxy(target, delayMs, options.host ?? '127.0.0.1') : startDelayedForwarder(target, delayMs, options.host ?? '127.0.0.1');
}

async function startDelayedForwarder(target: string, delayMs: number, host: string): Promise<DelayProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const server = createTcpServer({ noDelay: true }, (client) => {
    track(client);
    const instance = track(connect({ host: upstream.hostname, port: Number(upstream.port), noDelay: true }));
    const closeBoth = () => {
      client.destroy();
      instance.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      setTimeout(() => instance.writable && instance.write(chunk), delayMs);
    });
    client.on('end', () => setTimeout(() => instance.end(), delayMs));
    instance.on('data', (chunk: Buffer) => client.writable && client.write(chunk));
    instance.on('end', () => client.end());
    client.on('error', closeBoth);
    instance.on('error', closeBoth);
    client.on('close', closeBoth);
    instance.on('close', closeBoth);
  });
  const port = await listen(server, host);
  return {
    url: `http://${host}:${port}${upstream.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        sockets.forEach((socket) => socket.destroy());
      }),
  };
}

async function startReplayProxy(target: string, delayMs: number, host: string): Promise<DelayProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const replayed = new Map<string, Promise<Answer>>();

  const forward = (method: string, incoming: IncomingHttpHeaders, body: Buffer) =>
    new Promise<Answer>((resolve, reject) => {
      const { connection: _connection, ...headers } = { ...incoming, host: upstream.host, 'content-length': String(body.length) };
      const request = httpRequest(
        { agent, host: upstream.hostname, port: upstream.port, method, path: upstream.pathname + upstream.search, headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', reject);
          answer.on('end', () => {
            const { connection: _connection, 'keep-alive': _keepAlive, 'transfer-encoding': _encoding, ...kept } = answer.headers;
            resolve({ status: answer.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  const answerFor = (method: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> => {
    const key = body.toString('utf8');
    let answer = replayed.get(key);
    if (!answer) {
      answer = forward(method, headers, body);
      replayed.set(key, answer);
      answer.catch(() => replayed.delete(key));
    }
    return answer;
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      await sleep(delayMs);
      const answer = await answerFor(incoming.method ?? 'POST', incoming.headers, Buffer.concat(chunks)).catch(() => failed);
      send(outgoing, answer);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, host);
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
