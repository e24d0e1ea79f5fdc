import { readdirSync, readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parseRegistry, type Registry } from '@kita/registry';
import { committedSupergraph } from '@kita/schema/compose';
import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CostModel, defaultListSize, defaultMaxQueryCost, operationCost, readCostModel } from './cost.js';
import { fragmentsOf } from './operation.js';
import { readRootFields } from './supergraph-info.js';
import { selectTargetsOnce } from './targets.js';

const tenantSubgraphs = ['facility', 'vacancy', 'reservation'];

/** The 21 demo municipalities of `npm start`. */
const demoKeys = '03355022 03355 03241001 03241 03101 03103 03403 03404 03151 03159 03254 03351 03352 03353 03354 03358 03359 03360 03452 03454 03457'.split(
  ' ',
);

/** A registry of `count` municipalities: the demo ones, then made-up keys. */
function registryOf(count: number, subgraphs = tenantSubgraphs): Registry {
  const keys = demoKeys.slice(0, count);
  for (let index = 0; keys.length < count; index += 1) keys.push(`0${String(9_000_000 + index)}`);
  return parseRegistry(
    {
      municipalities: keys.slice(0, count).map((key) => ({
        key,
        name: `Municipality ${key}`,
        kind: key.length === 8 ? 'CITY' : 'LANDKREIS',
        subgraphs: Object.fromEntries(subgraphs.map((name) => [name, `http://127.0.0.1:1/${key}/${name}`])),
      })),
    },
    { subgraphs },
  );
}

function costOf(
  model: CostModel,
  schema: GraphQLSchema,
  registry: Registry,
  query: string | DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
) {
  const document = typeof query === 'string' ? parse(query) : query;
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName)! : operations[0];
  return operationCost(model, { schema, operation, fragments: fragmentsOf(document), variables, registry });
}

describe('operationCost on the committed supergraph', () => {
  let model: CostModel;
  let schema: GraphQLSchema;
  const twentyOne = registryOf(21);
  const cost = (query: string, variables: Record<string, unknown> = {}, registry = twentyOne) => costOf(model, schema, registry, query, variables);

  beforeAll(async () => {
    const sdl = await committedSupergraph();
    model = readCostModel(sdl, readRootFields(sdl));
    schema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
  });

  it('reads which subgraph resolves each root field', () => {
    expect(model.rootFieldGraphs.get('Query.facilities')).toBe('facility');
    expect(model.rootFieldGraphs.get('Query.upcomingVacancies')).toBe('vacancy');
    expect(model.rootFieldGraphs.get('Query.municipalities')).toBe('registry');
  });

  it('counts a fanned-out page once per municipality it reaches: 21 calls and 21 × first edges', () => {
    const result = cost('{ facilities(first: 100) { edges { node { id name } } } }');
    expect(result.fields).toEqual([{ key: 'facilities', municipalities: 21, cost: 21 + 21 * 100 }]);
    expect(result.cost).toBe(2121);
  });

  it('counts one municipality when the query names it, and the default page size when first is omitted', () => {
    expect(cost('{ facilities(municipalities: ["03355022"], first: 100) { edges { node { id } } } }').cost).toBe(1 + 100);
    expect(cost('{ facilities { edges { node { id } } } }').cost).toBe(21 + 21 * 20);
  });

  it('reads sizes and municipalities from variables and their defaults', () => {
    const query = 'query ($first: Int = 50, $where: [String!]) { facilities(first: $first, municipalities: $where) { edges { node { id } } } }';
    expect(cost(query).cost).toBe(21 + 21 * 50);
    expect(cost(query, { first: 5, where: ['03355022', '03355'] }).cost).toBe(2 + 2 * 5);
  });

  it('counts what lies below a merged page for the page only: the vacancies of 40 facilities, not of 21 × 40', () => {
    const result = cost('{ facilities(first: 40) { edges { node { id vacancies { places } } } } }');
    expect(result.cost).toBe(21 + 21 * 40 + 40 * defaultListSize);
  });

  it('counts a field that is no list once per municipality, and a root field of the registry subgraph once', () => {
    expect(cost('{ facility(id: "03355022:0190a3c0-0000-7000-8000-000000000000") { id name } }').cost).toBe(1);
    expect(cost('{ municipalities { key } }').cost).toBe(1 + defaultListSize);
    expect(cost('{ __schema { types { name fields { name } } } }').cost).toBe(0);
  });

  it('grows with the municipalities reached: the same query over 560', () => {
    const query = '{ facilities(first: 20) { edges { node { id } } } }';
    expect(cost(query, {}, registryOf(560)).cost).toBe(560 + 560 * 20);
  });

  it("refuses the issue's example: 60 aliased facilities(first: 100) over 21 municipalities", () => {
    const aliases = Array.from({ length: 60 }, (_, index) => `f${index}: facilities(first: 100) { edges { node { id } } }`).join('\n');
    const result = cost(`{ ${aliases} }`);
    expect(result.cost).toBe(60 * (21 + 2100));
    expect(result.cost).toBeGreaterThan(defaultMaxQueryCost);
  });

  it('counts fragments and aliases like the fields they stand for', () => {
    const direct = cost('{ a: facilities(first: 10) { edges { node { id } } } b: facilities(first: 10) { edges { node { id } } } }').cost;
    const viaFragment = cost(
      'query { ...Both } fragment Both on Query { a: facilities(first: 10) { ...Page } b: facilities(first: 10) { ...Page } } fragment Page on FacilityConnection { edges { node { id } } }',
    ).cost;
    expect(viaFragment).toBe(direct);
    expect(direct).toBe(2 * (21 + 210));
  });

  it('prices nothing for a field that target selection refuses (the router says why)', () => {
    expect(cost('{ facilities(municipalities: ["09999999"], first: 100) { edges { node { id } } } }').fields[0].municipalities).toBe(0);
  });

  // What a new user pastes: the README's query and every example (with plausible variables) stay within the
  // default budget over the 21 demo municipalities and over 560.
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const readmeQueries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  const examplesFolder = new URL('../../../clients/examples/', import.meta.url);
  const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.graphql'));
  const id = '03355022:0190a3c0-0000-7000-8000-000000000000';
  const variables = { id, runId: id, key: id, m: '03355022', facilityId: id };

  it('has the README query and the examples to check', () => {
    expect(readmeQueries.length).toBeGreaterThan(0);
    expect(examples.length).toBeGreaterThan(0);
  });

  const operationsOf = (text: string) =>
    parse(text).definitions.flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : []));

  it.each(readmeQueries)('the README query stays within the default budget over 21 and 560 municipalities', (text) => {
    for (const name of operationsOf(text))
      for (const registry of [twentyOne, registryOf(560)])
        expect(costOf(model, schema, registry, parse(text), {}, name).cost).toBeLessThanOrEqual(defaultMaxQueryCost);
  });

  it.each(examples)('%s stays within the default budget over the 21 demo municipalities and over 560', (name) => {
    const text = readFileSync(new URL(name, examplesFolder), 'utf8');
    for (const operation of operationsOf(text)) {
      for (const registry of [twentyOne, registryOf(560)]) {
        const result = costOf(model, schema, registry, parse(text), variables, operation);
        expect(result.cost).toBeLessThanOrEqual(defaultMaxQueryCost);
        // Priced, not waved through as refused.
        expect(result.fields.every((field) => field.municipalities > 0)).toBe(true);
      }
    }
  });

  it("reads the per-viewer lists' declared sizes: a parent's parts over 560 municipalities", () => {
    expect(model.listSizes.get('Query.myReservationParts')).toEqual({ assumedSize: 2 });
    expect(cost('{ myReservationParts { id } }', {}, registryOf(560)).cost).toBe(560 + 560 * 2);
  });
});

describe('operationCost with @listSize composed from a subgraph', () => {
  it('uses slicingArguments, sizedFields and assumedSize declared with the cost spec', () => {
    const fees = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
      type Query {
        feeTables(limit: Int = 7): [FeeTable!]! @listSize(slicingArguments: ["limit"])
        feeSchedules: [FeeTable!]! @listSize(assumedSize: 3)
        feePage(size: Int! = 4): FeePage! @listSize(slicingArguments: ["size"], sizedFields: ["items"])
      }
      type FeePage { items: [FeeTable!]! }
      type FeeTable { name: String! rows: [String!]! brackets: [Bracket!]! }
      type Bracket { upTo: Int }`;
    const composed = composeServices([{ name: 'fees', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(fees) }]);
    expect(composed.errors).toBeUndefined();
    const sdl = composed.supergraphSdl!;
    const model = readCostModel(sdl, readRootFields(sdl));
    const schema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    const registry = registryOf(21, ['fees']);
    expect(model.listSizes.get('Query.feeTables')).toEqual({ slicingArguments: ['limit'] });
    // 21 municipalities × 7 tables (the argument's default), each with brackets of the default size.
    expect(costOf(model, schema, registry, '{ feeTables { name brackets { upTo } } }').cost).toBe(21 + 21 * 7 + 21 * 7 * defaultListSize);
    expect(costOf(model, schema, registry, '{ feeTables(limit: 2) { name } }').cost).toBe(21 + 21 * 2);
    expect(costOf(model, schema, registry, '{ feeSchedules { name } }').cost).toBe(21 + 21 * 3);
    expect(costOf(model, schema, registry, '{ feePage(size: 5) { items { name } } }').cost).toBe(21 + 21 * 5);
  });
});

describe('selectTargetsOnce', () => {
  const registry = registryOf(21);
  const target = (values: Record<string, unknown>) => ({
    subgraph: 'facility',
    fieldName: 'facilities',
    info: { idArgs: [], defaults: {}, municipalitiesArg: 'municipalities' },
    mutation: false,
    argument: (name: string) => values[name],
  });

  it('answers the same inputs alike within a request, and other values with their own choice', () => {
    const request = {};
    const first = selectTargetsOnce(request, registry, target({ municipalities: ['03355022'] }));
    expect(first).toEqual({ targets: ['03355022'] });
    expect(selectTargetsOnce(request, registry, target({ municipalities: ['03355022'] }))).toEqual(first);
    expect(selectTargetsOnce(request, registry, target({ municipalities: ['03355'] }))).toEqual({ targets: ['03355'] });
    expect(selectTargetsOnce({}, registry, target({ municipalities: ['03355022'] }))).toEqual(first);
    expect(selectTargetsOnce(request, registryOf(21), target({ municipalities: ['03355022'] }))).not.toEqual({ error: expect.anything() });
  });

  it('hands each caller its own selection: narrowing one route does not narrow another', () => {
    const request = {};
    const everyone = selectTargetsOnce(request, registry, target({}));
    expect('targets' in everyone && everyone.targets).toHaveLength(21);
    if ('targets' in everyone) everyone.targets = everyone.targets.slice(0, 1);
    const again = selectTargetsOnce(request, registry, target({}));
    expect('targets' in again && again.targets).toHaveLength(21);
  });
});
