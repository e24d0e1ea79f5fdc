import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphSdlPath } from '@kita/schema';
import { decodeCursor, tryParseId } from '@kita/shared';
import { buildSchema, type DocumentNode, execute, type GraphQLSchema, type GraphQLUnionType, parse, validate } from 'graphql';
import type { Failed, Ready } from './protocol.js';
import { cursorOf, type Order, type ScaleMunicipality, scaleMunicipalities, search } from './scale-data.js';

// Child process of the scale benchmark: light instances of the three per-municipality subgraphs
// for every simulated municipality, answering from memory. Each server answers any
// municipality's URL (`/<key>/<subgraph>/graphql`), with the real subgraph schemas (the
// committed SDL: `_service { sdl }` passes the gateway's schema check) and the real facility
// search's semantics (sort keys, cursors, radius, totals). Servers on `delayedPorts` answer
// `delayMs` later, like an instance across a network.

export interface LightPlan {
  facilitiesEach: number;
  servers: number;
  delayMs: number;
}

export interface LightReady extends Ready {
  ports: number[];
  delayedPorts: number[];
}

/** To this process: report how many GraphQL requests it answered (schema checks and health probes not counted). */
export interface StatsRequest {
  type: 'stats';
}
export interface Stats {
  type: 'stats';
  requests: number;
}

const plan = JSON.parse(process.argv[2]) as LightPlan;
const municipalities = new Map<string, ScaleMunicipality>(scaleMunicipalities(plan.facilitiesEach).map((municipality) => [municipality.key, municipality]));
let answered = 0;

type Variables = Record<string, unknown>;
interface Context {
  municipality: ScaleMunicipality;
}

function facilityValue(municipality: ScaleMunicipality, localId: string) {
  const facility = municipality.facilities.find((candidate) => candidate.localId === localId);
  return facility ? { __typename: 'Facility', id: facility.id, name: facility.name, municipality: municipality.key, kind: 'KINDERTAGESSTAETTE' } : null;
}

const roots: Record<string, (args: Variables, context: Context) => unknown> = {
  facilities: (args, { municipality }) => {
    const wanted = args.municipalities as string[] | null | undefined;
    if (wanted && !wanted.includes(municipality.key))
      return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0, missingMunicipalities: [] };
    const filter = (args.filter ?? {}) as { radiusKm?: number | null };
    const near = (args.near ?? null) as { latitude: number; longitude: number } | null;
    const after = typeof args.after === 'string' ? (decodeCursor(args.after) as [string | number, string]) : undefined;
    const page = search(
      municipality.facilities,
      { first: Number(args.first ?? 20), orderBy: (args.orderBy ?? 'NAME') as Order, near, radiusKm: filter.radiusKm },
      after,
    );
    const edges = page.hits.map((hit) => ({
      cursor: cursorOf(hit),
      node: facilityValue(municipality, hit.facility.localId),
      distanceKm: hit.distance === null ? null : Math.round(hit.distance / 10) / 100,
    }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.total, missingMunicipalities: [] };
  },
  _entities: (args, { municipality }) =>
    ((args.representations ?? []) as Array<{ __typename: string; id: string }>).map((representation) => {
      const local = tryParseId(representation.id)?.localId;
      if (representation.__typename === 'Facility' && local) {
        const facility = facilityValue(municipality, local);
        // What the vacancy and reservation subgraphs add to a facility: nothing free, nothing reserved.
        return facility && { ...facility, freePlaces: 0, vacancies: [], availability: 'NONE', reservations: [] };
      }
      return null;
    }),
};

interface Served {
  schema: GraphQLSchema;
  sdl: string;
}

async function load(subgraph: string): Promise<Served> {
  const sdl = await readFile(subgraphSdlPath(subgraph), 'utf8');
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const entity = schema.getType('_Entity') as GraphQLUnionType | undefined;
  if (entity) entity.resolveType = (value: { __typename: string }) => value.__typename;
  return { schema, sdl };
}

const served = new Map<string, Served>();
for (const subgraph of ['facility', 'vacancy', 'reservation']) served.set(subgraph, await load(subgraph));
const documents = new Map<string, DocumentNode | readonly Error[]>();

function documentOf(schema: GraphQLSchema, subgraph: string, query: string): DocumentNode | readonly Error[] {
  const key = `${subgraph}\u0000${query}`;
  let document = documents.get(key);
  if (!document) {
    const parsed = parse(query);
    const errors = validate(schema, parsed);
    document = errors.length ? errors : parsed;
    documents.set(key, document);
  }
  return document;
}

async function answer(request: IncomingMessage, response: ServerResponse, delayMs: number): Promise<void> {
  const url = request.url ?? '/';
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    const finish = () => response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    if (delayMs > 0) setTimeout(finish, delayMs);
    else finish();
  };
  if (url.endsWith('/health')) return send(200, { status: 'ok' });
  const [, key, subgraph] = url.split('/');
  const municipality = municipalities.get(key);
  const schema = served.get(subgraph);
  if (!municipality || !schema) return send(404, { errors: [{ message: 'no such instance' }] });
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Variables; operationName?: string };
  if (body.query.includes('_service')) return send(200, { data: { _service: { sdl: schema.sdl } } });
  answered += 1;
  const document = documentOf(schema.schema, subgraph, body.query);
  if (!('kind' in document)) return send(200, { errors: document.map((error) => ({ message: error.message })) });
  const context: Context = { municipality };
  const rootValue = Object.fromEntries(Object.entries(roots).map(([name, resolve]) => [name, (args: Variables) => resolve(args, context)]));
  const result = await execute({
    schema: schema.schema,
    document,
    rootValue,
    contextValue: context,
    variableValues: body.variables,
    operationName: body.operationName,
  });
  send(200, result);
}

async function listen(delayMs: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    answer(request, response, delayMs).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: error.message }] }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

try {
  const immediate = await Promise.all(Array.from({ length: plan.servers }, () => listen(0)));
  const delayed = await Promise.all(Array.from({ length: plan.servers }, () => listen(plan.delayMs)));
  process.on('message', (message: StatsRequest | { type: 'stop' }) => {
    if (message.type === 'stats') process.send?.({ type: 'stats', requests: answered } satisfies Stats);
    else if (message.type === 'stop') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGINT', () => {});
  process.send?.({ type: 'ready', ports: immediate.map(({ port }) => port), delayedPorts: delayed.map(({ port }) => port) } satisfies LightReady);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies Failed);
  process.exit(1);
}
