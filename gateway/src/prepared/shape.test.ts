import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { committedSupergraph } from '../../test/stand-ins.js';
import { compileShaper, shapeable } from './shape.js';

// The prepared operations' shaping against @apollo/gateway's own (computeResponse), on the
// committed supergraph's API schema: the same data and the same errors for the same merged
// subgraph data, wrong data included.

const supergraph = Supergraph.build(committedSupergraph);
const apiSchema = supergraph.apiSchema();
const graphqlSchema = apiSchema.toGraphQLJSSchema();

function both(source: string, input: Record<string, unknown>) {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  ) as Record<string, FragmentDefinitionNode>;
  expect(shapeable(operation, fragments)).toBe(true);
  const apollo = computeResponse({
    operation: operationFromDocument(apiSchema, document, { validate: false }),
    input: structuredClone(input),
    introspectionHandling: () => null,
  });
  const ours = compileShaper(graphqlSchema, operation, fragments)(structuredClone(input));
  return {
    apollo: { data: JSON.parse(JSON.stringify(apollo.data)), errors: apollo.errors.map((error) => ({ message: error.message, path: error.path })) },
    ours: { data: ours.data, errors: ours.errors },
  };
}

const search = `
  query Search {
    facilities(first: 2) {
      totalCount
      edges { node { __typename id name kind ...Where free: vacancies { places } } }
    }
  }
  fragment Where on Facility { municipality address { city } }
`;

// Merged subgraph data is keyed by response names (the plan's fetches keep the client's aliases).
const facility = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Facility',
  id,
  name: `Kita ${id}`,
  kind: 'KINDERTAGESSTAETTE',
  municipality: '03355022',
  address: { city: 'Lüneburg', street: 'not asked' },
  free: [{ places: 2, id: 'not asked' }],
  ...extra,
});

describe('the prepared shaping', () => {
  it('keeps what the client asked for, under its names: aliases, fragments, __typename; drops what the plan added', () => {
    const { apollo, ours } = both(search, {
      facilities: { totalCount: 2, pageInfo: { endCursor: 'x' }, edges: [{ node: facility('a') }, { node: facility('b') }] },
    });
    expect(ours).toEqual(apollo);
    expect(ours.data).toMatchObject({ facilities: { edges: [{ node: { __typename: 'Facility', id: 'a', free: [{ places: 2 }] } }, {}] } });
    expect((ours.data as { facilities: { edges: Array<{ node: Record<string, unknown> }> } }).facilities.edges[0].node.address).toEqual({ city: 'Lüneburg' });
  });

  it('bubbles a missing non-null value up to the nearest nullable field, naming it once', () => {
    const input = { facilities: { totalCount: 2, edges: [{ node: facility('a', { name: null }) }, { node: facility('b') }] } };
    const { apollo, ours } = both(search, input);
    expect(ours).toEqual(apollo);
    expect(ours.data).toEqual({ facilities: null });
    expect(ours.errors).toEqual([{ message: 'Cannot return null for non-nullable field Facility.name.', path: ['facilities', 'edges', 0, 'node', 'name'] }]);
  });

  it('nulls a value its type refuses (an unknown enum value, a string for an Int) as Apollo does', () => {
    for (const wrong of [{ kind: 'ZOO' }, { free: [{ places: 'zwei' }] }]) {
      const { apollo, ours } = both(search, { facilities: { totalCount: 1, edges: [{ node: facility('a', wrong) }] } });
      expect(ours).toEqual(apollo);
      expect(ours.errors).toHaveLength(1);
    }
  });

  it('applies fragments on an interface by the object’s __typename', () => {
    const source = `
      query Figures {
        supplyDemandStatistics { __typename ... on SupplyDemandFigures { capacity freePlaces } ... on SupplyDemandBucket { suppressed } }
      }
    `;
    const input = { supplyDemandStatistics: [{ __typename: 'SupplyDemandBucket', capacity: 10, freePlaces: 2, suppressed: false, waiting: 3 }] };
    const { apollo, ours } = both(source, input);
    expect(ours).toEqual(apollo);
    expect(ours.data).toEqual({ supplyDemandStatistics: [{ __typename: 'SupplyDemandBucket', capacity: 10, freePlaces: 2, suppressed: false }] });
  });

  it('leaves @skip, @include and introspection to the pipeline', () => {
    for (const source of ['query A($on: Boolean!) { facilities { totalCount @include(if: $on) } }', 'query B { __schema { types { name } } }']) {
      const document = parse(source);
      expect(shapeable(document.definitions[0] as OperationDefinitionNode, {})).toBe(false);
    }
  });
});
