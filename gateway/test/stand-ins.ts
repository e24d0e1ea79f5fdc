import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@kita/core';
import type { Registry } from '@kita/registry';
import { testVerifier } from '@kita/shared/testing';
import { buildSchema, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLSchema, graphql } from 'graphql';
import { type GatewayOptions, type RunningGateway, startGateway } from '../src/gateway.js';

// Stand-in instances for routing tests that need no database: every municipality's subgraphs
// served in process from the committed subgraph schemas (schema/<subgraph>.graphql, the SDL the
// real instances serve and the gateway checks them against) with resolvers over fixture data, on
// one loopback HTTP server (`/<municipality>/<subgraph>/graphql` and `…/health`), so that the
// real gateway plans, routes, merges and checks schemas exactly as with real instances. As
// gateway-js's own tests do with their fixture subgraphs.

/** Resolvers of one subgraph schema, by type and field (`Query._entities`, `Facility.vacancies`, …). */
export type StandInResolvers = Record<string, Record<string, GraphQLFieldResolver<any, unknown, any>>>;

/** One request an instance received. */
export interface StandInCall {
  municipality: string;
  subgraph: string;
  query: string;
  variables: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface StandIns {
  /** The GraphQL URL of a municipality's instance of a subgraph (for the registry). */
  url(municipality: string, subgraph: string): string;
  /** Every request but the gateway's schema checks (`_service`), in the order received. */
  readonly calls: StandInCall[];
  /** The requests one municipality (and, if given, one of its subgraphs) received. */
  callsTo(municipality: string, subgraph?: string): StandInCall[];
  /** Stops answering (the connection is cut, as when the instance is down) or answers again. */
  setDown(municipality: string, subgraph: string, down: boolean): void;
  close(): Promise<void>;
}

const committedSdl = (subgraph: string) => readFileSync(new URL(`../../schema/${subgraph}.graphql`, import.meta.url), 'utf8');

/** A subgraph's committed schema with the given resolvers; `_service` answers the committed SDL. */
export function standInSchema(subgraph: string, resolvers: StandInResolvers): GraphQLSchema {
  const sdl = committedSdl(subgraph);
  const schema = buildSchema(sdl);
  const all: StandInResolvers = { ...resolvers, Query: { _service: () => ({ sdl }), ...resolvers.Query } };
  for (const [typeName, fields] of Object.entries(all)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`${subgraph} has no object type ${typeName}`);
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = type.getFields()[fieldName];
      if (!field) throw new Error(`${subgraph} has no field ${typeName}.${fieldName}`);
      field.resolve = resolve;
    }
  }
  // `_Entity` members are told apart by the `__typename` of the representation, as graphql-js does by default.
  return schema;
}

/**
 * Serves `schemas(municipality, subgraph)` for every municipality and subgraph named; a request to
 * any other path is answered 404, like an instance that is not there.
 */
export async function startStandIns(
  municipalities: string[],
  subgraphs: string[],
  schemaOf: (municipality: string, subgraph: string) => GraphQLSchema,
): Promise<StandIns> {
  const schemas = new Map<string, GraphQLSchema>();
  for (const municipality of municipalities) for (const subgraph of subgraphs) schemas.set(`${municipality}/${subgraph}`, schemaOf(municipality, subgraph));
  const down = new Set<string>();
  const calls: StandInCall[] = [];
  const server: Server = createServer(async (request, response) => {
    const [, municipality, subgraph, endpoint] = (request.url ?? '').split('/');
    const key = `${municipality}/${subgraph}`;
    const schema = schemas.get(key);
    if (down.has(key)) {
      request.socket.destroy();
      return;
    }
    if (!schema || (endpoint !== 'graphql' && endpoint !== 'health')) {
      response.writeHead(404).end();
      return;
    }
    if (endpoint === 'health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const { query, variables = {} } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
    if (!query.includes('_service')) calls.push({ municipality, subgraph, query, variables, headers: request.headers });
    const result = await graphql({ schema, source: query, variableValues: variables });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (municipality, subgraph) => `${origin}/${municipality}/${subgraph}/graphql`,
    calls,
    callsTo: (municipality, subgraph) => calls.filter((call) => call.municipality === municipality && (!subgraph || call.subgraph === subgraph)),
    setDown: (municipality, subgraph, isDown) => {
      if (isDown) down.add(`${municipality}/${subgraph}`);
      else down.delete(`${municipality}/${subgraph}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The committed supergraph, which every stand-in test's gateway serves. */
export const committedSupergraph = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');

/**
 * The real gateway on the committed supergraph in front of stand-ins: a timeout long enough for
 * a loaded machine (a cut connection is noticed at once anyway), no circuit that opens during a
 * test, test tokens, no Sandbox, no log. `more` adds or overrides options.
 */
export function startStandInGateway(registry: Registry, more: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl: committedSupergraph,
    registry,
    tenancy: { timeoutMs: 10_000, failureThreshold: 1_000 },
    verifier: testVerifier,
    port: 0,
    introspection: false,
    landingPage: false,
    logger: silentLogger,
    ...more,
  });
}
