import { readFile } from 'node:fs/promises';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { currentSubgraphSdls } from '@kita/dev';
import { type RunningGateway, type SubgraphCall, startGateway } from '@kita/gateway';
import { parseRegistry, RegistryError } from '@kita/registry';
import { subgraphSdlPath } from '@kita/schema';
import { compose, developmentSubgraphUrls } from '@kita/schema/compose';
import { federationLinkOf, type HttpEndpoint, perMunicipalitySubgraphs, serveGraphQL, silentLogger, tryParseId } from '@kita/shared';
import { postGraphQL, testAuth, testVerifier } from '@kita/shared/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { city, landkreis, startTestStack, type TestStack } from './support.js';

// A fourth per-municipality subgraph joins by schema and registry alone: `fees`, written here
// with @apollo/subgraph, declares itself per municipality (`@perMunicipality`), adds a field to
// Facility and a root field, runs once per municipality over HTTP, is composed with the real
// subgraphs into a test supergraph and listed per municipality in the registry. The gateway is
// the unchanged `startGateway`.

const feesSdl = `${federationLinkOf({ perMunicipality: 'fees' })}

type Query {
  """The municipality's fee table. Across municipalities (@fanOut CONCAT)."""
  feeTables(municipalities: [String!]): [FeeTable!] @fanOut(merge: "CONCAT")
}

type FeeTable {
  municipality: String!
  monthlyFullDay: Int!
}

type Facility @key(fields: "id") {
  id: ID!
  """Monthly fee of a full-day place in euros; null when the municipality could not answer."""
  monthlyFee: Int
}
`;

const fullDayFee: Record<string, number> = { [city]: 210, [landkreis]: 180 };

/** One municipality's fees instance: answers from memory, knows only its own facilities. */
async function startFees(municipality: string): Promise<{ endpoint: HttpEndpoint; sdl: string }> {
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(feesSdl),
      resolvers: {
        Query: {
          feeTables: (_: unknown, args: { municipalities?: string[] | null }) =>
            args.municipalities && !args.municipalities.includes(municipality) ? [] : [{ municipality, monthlyFullDay: fullDayFee[municipality] }],
        },
        Facility: {
          __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
          monthlyFee: (facility: { id: string }) => (tryParseId(facility.id)?.municipality === municipality ? fullDayFee[municipality] : null),
        },
      } as never,
    },
  ]);
  const apollo = new ApolloServer({ schema });
  await apollo.start();
  return { endpoint: await serveGraphQL({ apollo, port: 0, context: async () => ({}) }), sdl: printSubgraphSchema(schema) };
}

const calls: SubgraphCall[] = [];
let stack: TestStack;
let gateway: RunningGateway;
const fees = new Map<string, { endpoint: HttpEndpoint; sdl: string }>();
let supergraphSdl: string;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis], seed: true, facilitiesPerMunicipality: 3 });
  for (const municipality of [city, landkreis]) fees.set(municipality, await startFees(municipality));
  const composition = compose({ ...(await currentSubgraphSdls()), fees: feesSdl }, { ...developmentSubgraphUrls, fees: 'http://127.0.0.1:1/graphql' });
  expect(composition.errors).toEqual([]);
  supergraphSdl = composition.supergraphSdl;
  const registry = parseRegistry(
    { municipalities: stack.entries.map((entry) => ({ ...entry, subgraphs: { ...entry.subgraphs, fees: fees.get(entry.key)!.endpoint.url } })) },
    { subgraphs: perMunicipalitySubgraphs(supergraphSdl), source: 'the fees test' },
  );
  gateway = await startGateway({
    supergraphSdl,
    registry,
    // The schema check compares each instance with its subgraph's reference SDL: ours from schema/, the test's own for fees.
    sdlOf: async (subgraph) => (subgraph === 'fees' ? fees.get(city)!.sdl : readFile(subgraphSdlPath(subgraph), 'utf8')),
    verifier: testVerifier,
    serviceKeys: testAuth,
    port: 0,
    introspection: false,
    landingPage: false,
    tenancy: { timeoutMs: 5000, failureThreshold: 100 },
    logger: silentLogger,
    observe: (call) => calls.push(call),
  });
});

afterAll(async () => {
  await gateway?.close();
  for (const { endpoint } of fees.values()) await endpoint.close();
  await stack?.close();
});

beforeEach(() => {
  calls.length = 0;
});

const feeCalls = () => calls.filter((call) => call.subgraph === 'fees');

describe('a fourth per-municipality subgraph, by schema and registry alone', () => {
  it('is declared per municipality by the test supergraph, and the registry requires its URL of every active municipality', () => {
    expect(perMunicipalitySubgraphs(supergraphSdl).sort()).toEqual(['facility', 'fees', 'reservation', 'vacancy']);
    let problems: string[] = [];
    try {
      parseRegistry({ municipalities: stack.entries }, { subgraphs: perMunicipalitySubgraphs(supergraphSdl) });
    } catch (error) {
      problems = (error as RegistryError).problems;
    }
    expect(problems).toHaveLength(2);
    expect(problems.every((problem) => problem.endsWith('subgraphs.fees is required for an active municipality'))).toBe(true);
  });

  it('serves its root field from every municipality, concatenated', async () => {
    const { body } = await postGraphQL(gateway.url, '{ feeTables { municipality monthlyFullDay } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.feeTables).toEqual([
      { municipality: city, monthlyFullDay: 210 },
      { municipality: landkreis, monthlyFullDay: 180 },
    ]);
    expect(
      feeCalls()
        .map((call) => call.municipality)
        .sort(),
    ).toEqual([city, landkreis].sort());
  });

  it('routes a named municipality to its instance only', async () => {
    const { body } = await postGraphQL(gateway.url, `{ feeTables(municipalities: ["${landkreis}"]) { municipality } }`);
    expect(body.data.feeTables).toEqual([{ municipality: landkreis }]);
    expect(feeCalls().map((call) => call.municipality)).toEqual([landkreis]);
  });

  it("adds its field to facilities of every municipality, each answered by the facility's own municipality", async () => {
    const { body } = await postGraphQL(gateway.url, '{ facilities(first: 6) { edges { node { id municipality monthlyFee } } } }');
    expect(body.errors).toBeUndefined();
    const nodes = body.data.facilities.edges.map((edge: { node: { id: string; municipality: string; monthlyFee: number } }) => edge.node);
    expect(new Set(nodes.map((node: { municipality: string }) => node.municipality))).toEqual(new Set([city, landkreis]));
    for (const node of nodes) expect(node.monthlyFee).toBe(fullDayFee[node.municipality]);
    // One _entities request per municipality, each with that municipality's facilities only.
    expect(feeCalls()).toHaveLength(2);
    for (const call of feeCalls()) {
      const representations = (call.variables?.representations ?? []) as Array<{ id: string }>;
      expect(representations.length).toBeGreaterThan(0);
      expect(representations.every((representation) => tryParseId(representation.id)?.municipality === call.municipality)).toBe(true);
    }
  });

  it("keeps the other municipalities' fees when one fees instance is down", async () => {
    await fees.get(landkreis)!.endpoint.close();
    const { body } = await postGraphQL(gateway.url, '{ facilities(first: 6) { edges { node { id municipality name monthlyFee } } } }');
    const nodes = body.data.facilities.edges.map((edge: { node: { municipality: string; name: string; monthlyFee: number | null } }) => edge.node);
    for (const node of nodes) {
      expect(node.name).toBeTruthy();
      expect(node.monthlyFee).toBe(node.municipality === city ? 210 : null);
    }
    expect(body.errors?.map((error) => [error.extensions?.code, error.extensions?.municipality, error.extensions?.subgraph])).toEqual([
      ['MUNICIPALITY_UNAVAILABLE', landkreis, 'fees'],
    ]);
  });
});
