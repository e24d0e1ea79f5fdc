import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { type FieldNode, Kind, type OperationDefinitionNode, parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyzeOperation, declaredVariables, restrictOperation } from './operation.js';
import { readRootFields } from './supergraph-info.js';

const supergraphSdl = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const rootFields = readRootFields(supergraphSdl);
// What clients may query: the supergraph without its join__/link__ machinery.
const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

const facilitiesFetch =
  'query Root__facilities__0($first:Int,$after:String){facilities(first:$first,after:$after){edges{node{__typename id name}}pageInfo{endCursor}}}';

/** The rewritten operation, with whitespace normalised for comparison. */
const normalised = (query: string) => print(parse(query));
const operationOf = (query: string) => parse(query).definitions[0] as OperationDefinitionNode;
const rootField = (query: string, responseName: string) =>
  operationOf(query).selectionSet.selections.find(
    (selection): selection is FieldNode => selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === responseName,
  )!;
const selectionNames = (field: FieldNode) =>
  (field.selectionSet?.selections ?? []).map((selection) =>
    selection.kind === Kind.FIELD ? `${selection.alias ? `${selection.alias.value}: ` : ''}${selection.name.value}` : selection.kind,
  );
const argumentsOf = (field: FieldNode) => Object.fromEntries((field.arguments ?? []).map((argument) => [argument.name.value, print(argument.value)]));

describe('analyzeOperation for a CONNECTION field', () => {
  const analyzed = analyzeOperation(facilitiesFetch, rootFields);
  const facilities = rootField(analyzed.query, 'facilities');

  it('is a query with one root field that carries its own per-municipality "after" variable', () => {
    expect(analyzed.kind).toBe('query');
    expect(analyzed.fields.map(({ alias, name, afterVariable }) => ({ alias, name, afterVariable }))).toEqual([
      { alias: 'facilities', name: 'facilities', afterVariable: '__kita_after_0' },
    ]);
    expect(analyzed.fields[0].info?.fanOut?.merge).toBe('CONNECTION');
  });

  it('replaces the client\'s "after" by $__kita_after_N and keeps the other arguments', () => {
    expect(argumentsOf(facilities)).toEqual({ first: '$first', after: '$__kita_after_0' });
  });

  it("adds the edge cursors and hasNextPage under internal aliases, after the client's own selections", () => {
    expect(selectionNames(facilities)).toEqual(['edges', 'pageInfo', '__kita_edges: edges', '__kita_pageInfo: pageInfo']);
    const injectedEdges = facilities.selectionSet!.selections[2] as FieldNode;
    const injectedPageInfo = facilities.selectionSet!.selections[3] as FieldNode;
    expect(selectionNames(injectedEdges)).toEqual(['__kita_cursor: cursor']);
    expect(selectionNames(injectedPageInfo)).toEqual(['hasNextPage']);
  });

  it('prunes the now unused $after definition, keeps $first and declares the new cursor variable as String', () => {
    expect(declaredVariables(analyzed.query)).toEqual(new Set(['first', '__kita_after_0']));
    expect(analyzed.query).toMatch(/\$__kita_after_0: String\b(?!!)/);
  });

  it("keeps the client's original field node for merging, unrewritten", () => {
    expect(print(analyzed.fields[0].node)).toBe(print(rootField(facilitiesFetch, 'facilities')));
  });

  it('prints a query that is valid against the supergraph API schema', () => {
    expect(validate(apiSchema, parse(analyzed.query))).toEqual([]);
  });

  it('adds an "after" argument when the client sent none, and names the variable by the field\'s position', () => {
    const twoPages = analyzeOperation(
      'query($near:GeoPointInput){near:facilities(near:$near,first:3){totalCount} byName:facilities(first:5){totalCount}}',
      rootFields,
    );

    expect(twoPages.fields.map((field) => [field.alias, field.afterVariable])).toEqual([
      ['near', '__kita_after_0'],
      ['byName', '__kita_after_1'],
    ]);
    expect(argumentsOf(rootField(twoPages.query, 'near'))).toEqual({ near: '$near', first: '3', after: '$__kita_after_0' });
    expect(argumentsOf(rootField(twoPages.query, 'byName'))).toEqual({ first: '5', after: '$__kita_after_1' });
    expect(declaredVariables(twoPages.query)).toEqual(new Set(['near', '__kita_after_0', '__kita_after_1']));
    expect(validate(apiSchema, parse(twoPages.query))).toEqual([]);
  });

  it('keeps a client "$after" variable that another field still uses', () => {
    const shared = analyzeOperation('query($after:String){facilities(after:$after){totalCount} municipalityByKey(key:$after){name}}', rootFields);

    expect(declaredVariables(shared.query)).toEqual(new Set(['after', '__kita_after_0']));
    expect(argumentsOf(rootField(shared.query, 'municipalityByKey'))).toEqual({ key: '$after' });
  });
});

describe('analyzeOperation for ORDERED and SUM fields', () => {
  it('selects every sortBy field of an ORDERED field as __kita_sort_N, in declaration order', () => {
    const analyzed = analyzeOperation('query Root__vacancy__0($first:Int){upcomingVacancies(first:$first){id places}}', rootFields);

    expect(selectionNames(rootField(analyzed.query, 'upcomingVacancies'))).toEqual(['id', 'places', '__kita_sort_0: availableFrom', '__kita_sort_1: id']);
    expect(analyzed.fields[0].afterVariable).toBeUndefined();
    expect(declaredVariables(analyzed.query)).toEqual(new Set(['first']));
    expect(validate(apiSchema, parse(analyzed.query))).toEqual([]);
  });

  it('selects every key field of a SUM field as __kita_key_N, in declaration order', () => {
    const analyzed = analyzeOperation('{stats:freePlaceStatistics{places}}', rootFields);

    expect(analyzed.fields[0].alias).toBe('stats');
    expect(selectionNames(rootField(analyzed.query, 'stats'))).toEqual(['places', '__kita_key_0: ageGroup', '__kita_key_1: hoursBand']);
    expect(validate(apiSchema, parse(analyzed.query))).toEqual([]);
  });

  it('asks a SUM field with distinct counts for its claims with the salt variable, which the client cannot', () => {
    const analyzed = analyzeOperation('query Root__reservation__0{demandStatistics{children}}', rootFields);
    const demand = rootField(analyzed.query, 'demandStatistics');

    expect(analyzed.fields[0].claims).toBe(true);
    expect(selectionNames(demand)).toEqual([
      'children',
      '__kita_key_0: municipality',
      '__kita_key_1: district',
      '__kita_key_2: ageGroup',
      '__kita_claims: childClaims',
    ]);
    expect(print(demand)).toContain('__kita_claims: childClaims(salt: $__kita_salt) {\n    token\n    weight\n    tally\n  }');
    expect(declaredVariables(analyzed.query)).toEqual(new Set(['__kita_salt']));
    // childClaims is @inaccessible: valid for the subgraph, not part of the API schema.
    expect(
      validate(apiSchema, parse(analyzed.query))
        .map((error) => error.message)
        .join(),
    ).toContain('childClaims');
  });

  it('leaves fields without @fanOut as they are', () => {
    const query = 'query($id:ID!){facility(id:$id){name} myReservations{id}}';
    const analyzed = analyzeOperation(query, rootFields);

    expect(normalised(analyzed.query)).toBe(normalised(query));
    expect(analyzed.fields.map((field) => [field.alias, field.info?.idArgs])).toEqual([
      ['facility', ['id']],
      ['myReservations', []],
    ]);
  });

  it('leaves fields the supergraph does not know without routing information', () => {
    const analyzed = analyzeOperation('{unknownField{id}}', rootFields);

    expect(analyzed.fields[0].info).toBeUndefined();
    expect(normalised(analyzed.query)).toBe(normalised('{unknownField{id}}'));
  });
});

describe('analyzeOperation for entity fetches and mutations', () => {
  it('recognises an _entities fetch and sends it unchanged, with no root fields to route', () => {
    const query = 'query Root__vacancy__1($representations:[_Any!]!){_entities(representations:$representations){...on Facility{freePlaces}}}';
    const analyzed = analyzeOperation(query, rootFields);

    expect(analyzed.kind).toBe('entities');
    expect(analyzed.fields).toEqual([]);
    expect(normalised(analyzed.query)).toBe(normalised(query));
    expect(declaredVariables(analyzed.query)).toEqual(new Set(['representations']));
  });

  it('recognises a mutation and routes its fields by Mutation.*', () => {
    const analyzed = analyzeOperation('mutation($ids:[ID!]!){removeVacancies(ids:$ids)}', rootFields);

    expect(analyzed.kind).toBe('mutation');
    expect(analyzed.fields.map((field) => [field.name, field.info?.idArgs])).toEqual([['removeVacancies', ['ids']]]);
    expect(analyzed.query.trimStart().startsWith('mutation')).toBe(true);
  });

  it('refuses a document without an operation', () => {
    expect(() => analyzeOperation('fragment F on Query { facility(id: "x") { id } }', rootFields)).toThrow('fetch without an operation');
  });
});

describe('restrictOperation', () => {
  const analyzed = analyzeOperation(
    'query($first:Int,$after:String,$id:ID!,$limit:Int){facilities(first:$first,after:$after){totalCount} facility(id:$id){name} soon:upcomingVacancies(first:$limit){id}}',
    rootFields,
  );

  it('keeps only the named root fields, rewritten, and only the variables they use', () => {
    const restricted = restrictOperation(analyzed, new Set(['facilities', 'soon']));
    const operation = operationOf(restricted);

    expect(operation.selectionSet.selections.map((selection) => (selection as FieldNode).name.value)).toEqual(['facilities', 'upcomingVacancies']);
    expect(selectionNames(rootField(restricted, 'soon'))).toContain('__kita_sort_0: availableFrom');
    expect(argumentsOf(rootField(restricted, 'facilities')).after).toBe('$__kita_after_0');
    expect(declaredVariables(restricted)).toEqual(new Set(['first', 'limit', '__kita_after_0']));
    expect(validate(apiSchema, parse(restricted))).toEqual([]);
  });

  it('drops the cursor variable with the connection field it belongs to', () => {
    const restricted = restrictOperation(analyzed, new Set(['facility']));

    expect(normalised(restricted)).toBe(normalised('query($id:ID!){facility(id:$id){name}}'));
  });

  it('leaves the analysed operation itself untouched', () => {
    restrictOperation(analyzed, new Set(['facility']));

    expect(declaredVariables(analyzed.query)).toEqual(new Set(['first', 'id', 'limit', '__kita_after_0']));
    expect(analyzed.operation.selectionSet.selections).toHaveLength(3);
  });
});
