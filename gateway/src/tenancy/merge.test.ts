import { encodeCursor, type FanOutSpec } from '@kita/schema';
import { type FieldNode, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  compareKeys,
  decodePositions,
  encodePositions,
  mergeConcat,
  mergeConnection,
  mergeErrors,
  mergeOrdered,
  mergeSum,
  type Part,
  type Positions,
  stripInternal,
} from './merge.js';
import { fragmentsOf, resolvedField } from './operation.js';

describe('encodePositions / decodePositions', () => {
  it('round-trips cursors, done flags and totals of every municipality', () => {
    const positions: Positions = {
      '03355022': { cursor: encodeCursor(['Kita Sonnenschein', 'a']), done: false, total: 12 },
      '03355': { cursor: null, done: true, total: 0 },
      '03101': { cursor: encodeCursor([1.5, 'b']), done: true },
      '03103': { cursor: null, done: false },
    };

    expect(decodePositions(encodePositions(positions))).toEqual(positions);
  });

  it('round-trips an empty set of positions', () => {
    expect(decodePositions(encodePositions({}))).toEqual({});
  });

  it("makes a URL-safe cursor that is recognisably the gateway's", () => {
    expect(encodePositions({ '03101': { cursor: '??>>', done: false } })).toMatch(/^m1\.[A-Za-z0-9_-]+$/);
  });

  it.each([
    ["a municipality's own cursor", encodeCursor(['Kita', 'id'])],
    ['an empty string', ''],
    ['only the prefix with garbage', 'm1.!!!not base64 json!!!'],
    ['the prefix with non-JSON text', `m1.${Buffer.from('not json').toString('base64url')}`],
    ['the prefix with a JSON array', `m1.${Buffer.from('[["c",0]]').toString('base64url')}`],
    ['the prefix with JSON null', `m1.${Buffer.from('null').toString('base64url')}`],
    ['an entry that is not a list', `m1.${Buffer.from('{"03101":"c"}').toString('base64url')}`],
    ['an entry whose cursor is a number', `m1.${Buffer.from('{"03101":[5,0]}').toString('base64url')}`],
  ])('rejects %s', (_name, cursor) => {
    expect(decodePositions(cursor)).toBeUndefined();
  });
});

describe('compareKeys', () => {
  it('compares numbers numerically, not as text', () => {
    expect(compareKeys([9], [10])).toBeLessThan(0);
    expect(compareKeys([10], [9])).toBeGreaterThan(0);
    expect(compareKeys([2.5], [2.5])).toBe(0);
  });

  it('compares strings lexicographically by code unit, as COLLATE "C" does', () => {
    expect(compareKeys(['Kita B'], ['Kita a'])).toBeLessThan(0);
    expect(compareKeys(['Kita a'], ['Kita B'])).toBeGreaterThan(0);
    expect(compareKeys(['10'], ['9'])).toBeLessThan(0);
    expect(compareKeys(['Äpfel'], ['Zebra'])).toBeGreaterThan(0);
  });

  it('puts null and missing values before any value', () => {
    expect(compareKeys([null], [0])).toBeLessThan(0);
    expect(compareKeys([0], [null])).toBeGreaterThan(0);
    expect(compareKeys([undefined], [''])).toBeLessThan(0);
    expect(compareKeys(['a'], ['a', 'b'])).toBeLessThan(0);
    expect(compareKeys(['a', 'b'], ['a'])).toBeGreaterThan(0);
  });

  it('decides by the first element that differs', () => {
    expect(compareKeys(['2026-08-01', 'z'], ['2026-09-01', 'a'])).toBeLessThan(0);
    expect(compareKeys([3, 'b'], [3, 'a'])).toBeGreaterThan(0);
    expect(compareKeys([3, 'a', null], [3, 'a', null])).toBe(0);
  });
});

describe('stripInternal', () => {
  it('removes __kita_ keys at every depth, also inside lists, and keeps __typename', () => {
    const value = {
      __typename: 'FacilityConnection',
      __kita_pageInfo: { hasNextPage: true },
      edges: [{ __kita_cursor: 'x', node: { __typename: 'Facility', id: '1', __kita_sort_0: 'a' } }, null],
      count: 0,
    };

    expect(stripInternal(value)).toEqual({ __typename: 'FacilityConnection', edges: [{ node: { __typename: 'Facility', id: '1' } }, null], count: 0 });
  });

  it('leaves scalars and null as they are', () => {
    expect([null, 3, 'x', false].map(stripInternal)).toEqual([null, 3, 'x', false]);
  });
});

/** The client's root field as the query planner hands it to the router. */
function rootFieldOf(query: string): FieldNode {
  return (parse(query).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
}

// Client aliases on purpose: the merge must find everything by the client's response names.
const pageField = rootFieldOf(
  '{ facilities(first: 5) { total: totalCount pageInfo { more: hasNextPage end: endCursor } list: edges { at: cursor node { id name } } } }',
);

type SortKey = [string, string];

/** One municipality's answer to the rewritten query: the client's selections plus the router's. */
function connectionPart(municipality: string, keys: SortKey[], options: { hasNextPage: boolean; total?: number }): Part {
  return {
    municipality,
    value: {
      ...(options.total === undefined ? {} : { total: options.total }),
      pageInfo: { more: options.hasNextPage, end: keys.length ? encodeCursor(keys[keys.length - 1]) : null },
      list: keys.map((key) => ({ at: encodeCursor(key), node: { id: `${municipality}:${key[1]}`, name: key[0] } })),
      __kita_edges: keys.map((key) => ({ __kita_cursor: encodeCursor(key) })),
      __kita_pageInfo: { hasNextPage: options.hasNextPage },
    },
  };
}

type Page = { total: number; pageInfo: { more: boolean; end: string | null }; list: Array<{ at: string; node: { id: string; name: string } }> };

describe('mergeConnection over three municipalities', () => {
  // Sort keys are [name, id]; "Emil"/"x" exists in every municipality, a tie only the municipality key breaks.
  const firstPage = [
    connectionPart(
      '03355',
      [
        ['Carl', 'c1'],
        ['Dora', 'c2'],
        ['Emil', 'x'],
        ['Fritz', 'c3'],
        ['Gustav', 'c4'],
      ],
      { hasNextPage: true, total: 9 },
    ),
    connectionPart(
      '03101',
      [
        ['Anna', 'a1'],
        ['Emil', 'x'],
      ],
      { hasNextPage: false, total: 2 },
    ),
    connectionPart(
      '03103',
      [
        ['Berta', 'b1'],
        ['Emil', 'x'],
        ['Zora', 'b2'],
      ],
      { hasNextPage: false, total: 3 },
    ),
  ];
  const merged = mergeConnection(pageField, firstPage, 5, {});
  const page = merged.value as Page;

  it('merges the edges in cursor order, breaks ties by municipality key and cuts to "first"', () => {
    expect(page.list.map((edge) => edge.node.id)).toEqual(['03101:a1', '03103:b1', '03355:c1', '03355:c2', '03101:x']);
  });

  it("answers under the client's aliases only, without anything the router added", () => {
    expect(Object.keys(page).sort()).toEqual(['list', 'pageInfo', 'total']);
    expect(Object.keys(page.pageInfo).sort()).toEqual(['end', 'more']);
    expect(page.list[0]).toEqual({ at: expect.any(String), node: { id: '03101:a1', name: 'Anna' } });
    expect(JSON.stringify(page)).not.toContain('__kita_');
  });

  it('has a next page while any municipality has edges left', () => {
    expect(page.pageInfo.more).toBe(true);
  });

  it('sums totalCount over the municipalities', () => {
    expect(page.total).toBe(14);
  });

  it("ends the page at each municipality's last merged edge and marks exhausted municipalities done", () => {
    const expected: Positions = {
      '03101': { cursor: encodeCursor(['Emil', 'x']), done: true, total: 2 },
      '03103': { cursor: encodeCursor(['Berta', 'b1']), done: false, total: 3 },
      '03355': { cursor: encodeCursor(['Dora', 'c2']), done: false, total: 9 },
    };

    expect(merged.positions).toEqual(expected);
    expect(decodePositions(page.pageInfo.end!)).toEqual(expected);
  });

  it("gives every edge a cursor with each municipality's position at that edge", () => {
    expect(page.list.map((edge) => decodePositions(edge.at))).toEqual([
      { '03101': { cursor: encodeCursor(['Anna', 'a1']), done: false } },
      { '03101': { cursor: encodeCursor(['Anna', 'a1']), done: false }, '03103': { cursor: encodeCursor(['Berta', 'b1']), done: false } },
      {
        '03101': { cursor: encodeCursor(['Anna', 'a1']), done: false },
        '03103': { cursor: encodeCursor(['Berta', 'b1']), done: false },
        '03355': { cursor: encodeCursor(['Carl', 'c1']), done: false },
      },
      {
        '03101': { cursor: encodeCursor(['Anna', 'a1']), done: false },
        '03103': { cursor: encodeCursor(['Berta', 'b1']), done: false },
        '03355': { cursor: encodeCursor(['Dora', 'c2']), done: false },
      },
      merged.positions,
    ]);
  });

  it('continues from the end cursor, counting the municipalities that are done towards totalCount', () => {
    const incoming = decodePositions(page.pageInfo.end!)!;
    // The router no longer asks 03101; the others answer after their own cursors.
    const secondPage = [
      connectionPart(
        '03103',
        [
          ['Emil', 'x'],
          ['Zora', 'b2'],
        ],
        { hasNextPage: false, total: 3 },
      ),
      connectionPart(
        '03355',
        [
          ['Emil', 'x'],
          ['Fritz', 'c3'],
          ['Gustav', 'c4'],
        ],
        { hasNextPage: true, total: 9 },
      ),
    ];

    const next = mergeConnection(pageField, secondPage, 3, incoming);
    const nextPage = next.value as Page;

    expect(nextPage.list.map((edge) => edge.node.id)).toEqual(['03103:x', '03355:x', '03355:c3']);
    expect(nextPage.total).toBe(14);
    expect(nextPage.pageInfo.more).toBe(true);
    expect(next.positions).toEqual({
      '03101': { cursor: encodeCursor(['Emil', 'x']), done: true, total: 2 },
      '03103': { cursor: encodeCursor(['Emil', 'x']), done: false, total: 3 },
      '03355': { cursor: encodeCursor(['Fritz', 'c3']), done: false, total: 9 },
    });
  });

  it('keeps the totals of a previous page when this page does not ask totalCount', () => {
    const withoutTotal = rootFieldOf('{ facilities { pageInfo { more: hasNextPage end: endCursor } list: edges { at: cursor node { id name } } } }');
    const incoming: Positions = { '03101': { cursor: 'c', done: false, total: 2 } };

    const next = mergeConnection(withoutTotal, [connectionPart('03101', [['Anna', 'a1']], { hasNextPage: false })], 20, incoming);

    expect(next.positions['03101']).toEqual({ cursor: encodeCursor(['Anna', 'a1']), done: true, total: 2 });
  });

  it('has no next page once every municipality is exhausted', () => {
    const last = mergeConnection(
      pageField,
      [connectionPart('03101', [['Anna', 'a1']], { hasNextPage: false, total: 1 }), connectionPart('03103', [], { hasNextPage: false, total: 0 })],
      5,
      {},
    );

    expect((last.value as Page).pageInfo.more).toBe(false);
    expect(last.positions).toEqual({
      '03101': { cursor: encodeCursor(['Anna', 'a1']), done: true, total: 1 },
      '03103': { cursor: null, done: true, total: 0 },
    });
  });

  it('has a next page when a municipality says so even though all its edges were merged', () => {
    const merged = mergeConnection(pageField, [connectionPart('03101', [['Anna', 'a1']], { hasNextPage: true, total: 7 })], 5, {});

    expect((merged.value as Page).pageInfo.more).toBe(true);
    expect(merged.positions['03101'].done).toBe(false);
  });

  it('answers an empty first page whose end cursor marks the municipality done', () => {
    const empty = mergeConnection(pageField, [connectionPart('03101', [], { hasNextPage: false, total: 0 })], 5, {});

    expect(empty.value).toMatchObject({ total: 0, pageInfo: { more: false }, list: [] });
    expect(decodePositions((empty.value.pageInfo as { end: string }).end)).toEqual({ '03101': { cursor: null, done: true, total: 0 } });
  });

  it('answers an empty connection without a total when no municipality delivered its part, keeping the incoming positions', () => {
    const incoming: Positions = { '03101': { cursor: 'c', done: false } };

    const failed = mergeConnection(pageField, [], 5, incoming, ['03101']);

    expect(failed.positions).toEqual(incoming);
    expect(failed.value).toEqual({ total: null, pageInfo: { more: false, end: encodePositions(incoming) }, list: [] });
  });

  it('keeps the totals of municipalities that were done on earlier pages after the last page', () => {
    const incoming: Positions = { '03101': { cursor: 'c', done: true, total: 4 }, '03103': { cursor: 'd', done: true, total: 5 } };

    const last = mergeConnection(pageField, [], 5, incoming);

    expect(last.value).toMatchObject({ total: 9, list: [], pageInfo: { more: false, end: encodePositions(incoming) } });
  });
});

describe('mergeConnection when a municipality is missing', () => {
  const withMissing = rootFieldOf(
    '{ facilities(first: 3) { total: totalCount missing: missingMunicipalities pageInfo { more: hasNextPage end: endCursor } list: edges { at: cursor node { id } } } }',
  );
  const parts = [
    connectionPart(
      '03101',
      [
        ['Anna', 'a1'],
        ['Carl', 'a2'],
      ],
      { hasNextPage: false, total: 2 },
    ),
    connectionPart(
      '03103',
      [
        ['Berta', 'b1'],
        ['Dora', 'b2'],
      ],
      { hasNextPage: false, total: 2 },
    ),
  ];
  const merged = mergeConnection(withMissing, parts, 3, {}, ['03355022', '03355']);
  const page = merged.value as Page & { missing: string[] };

  it("lists the others' edges, names the missing municipalities in key order and has no total", () => {
    expect(page.list.map((edge) => edge.node.id)).toEqual(['03101:a1', '03103:b1', '03101:a2']);
    expect(page.missing).toEqual(['03355', '03355022']);
    expect(page.total).toBeNull();
  });

  it('keeps a missing municipality at the sort key of every edge, so that a later page asks it from there', () => {
    expect(page.list.map((edge) => decodePositions(edge.at)!['03355'])).toEqual([
      { cursor: encodeCursor(['Anna', 'a1']), done: false },
      { cursor: encodeCursor(['Berta', 'b1']), done: false },
      { cursor: encodeCursor(['Carl', 'a2']), done: false },
    ]);
    expect(merged.positions['03355022']).toEqual({ cursor: encodeCursor(['Carl', 'a2']), done: false });
  });

  it('does not keep the next page open for a missing municipality alone', () => {
    const rest = mergeConnection(withMissing, [connectionPart('03101', [['Anna', 'a1']], { hasNextPage: false, total: 1 })], 3, {}, ['03103']);

    expect(rest.value).toMatchObject({ total: null, missing: ['03103'], pageInfo: { more: false } });
  });

  it('answers an empty list of missing municipalities and the total when every municipality answered', () => {
    const complete = mergeConnection(withMissing, parts, 3, {});

    expect(complete.value).toMatchObject({ total: 4, missing: [] });
  });

  it('has no total when a municipality that was done on an earlier page had no total counted', () => {
    const incoming: Positions = { '03103': { cursor: 'c', done: true } };

    const next = mergeConnection(withMissing, [connectionPart('03101', [['Anna', 'a1']], { hasNextPage: false, total: 1 })], 3, incoming);

    expect(next.value).toMatchObject({ total: null, missing: [] });
  });
});

describe('mergeErrors', () => {
  const invalid = (municipality: string) => ({
    message: '"first" must be between 1 and 100.',
    path: ['facilities'],
    extensions: { code: 'BAD_USER_INPUT', argument: 'first', municipality },
  });

  it('makes errors that several municipalities answered alike one, listing the municipalities in order', () => {
    expect(mergeErrors(['03355022', '03355', '03101'].map(invalid))).toEqual([
      {
        message: '"first" must be between 1 and 100.',
        path: ['facilities'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'first', municipalities: ['03355022', '03355', '03101'] },
      },
    ]);
  });

  it('keeps an error of one municipality as it is', () => {
    expect(mergeErrors([invalid('03101')])).toEqual([invalid('03101')]);
  });

  it('keeps errors apart that differ in message, path or extensions, in the order they came', () => {
    const errors = [
      invalid('03101'),
      { ...invalid('03103'), path: ['other'] },
      { ...invalid('03355'), extensions: { ...invalid('03355').extensions, argument: 'after' } },
      { message: 'Municipality 03355 did not answer in time.', path: ['facilities'], extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355' } },
      { message: 'Municipality 03101 did not answer in time.', path: ['facilities'], extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03101' } },
      invalid('03355022'),
    ];

    const merged = mergeErrors(errors);

    expect(merged).toHaveLength(5);
    expect(merged[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first', municipalities: ['03101', '03355022'] });
    expect(merged.slice(1)).toEqual(errors.slice(1, 5));
  });
});

describe('mergeOrdered', () => {
  const spec: FanOutSpec = { merge: 'ORDERED', sortBy: ['availableFrom', 'id'], limit: 'first' };
  const vacancy = (id: string, availableFrom: string) => ({ id, availableFrom, __kita_sort_0: availableFrom, __kita_sort_1: id });
  const parts: Part[] = [
    { municipality: '03355', value: [vacancy('03355:a', '2026-08-01'), vacancy('03355:b', '2026-10-01')] },
    { municipality: '03101', value: [vacancy('03101:a', '2026-09-01'), vacancy('03101:b', '2026-11-01')] },
    { municipality: '03103', value: [vacancy('03103:a', '2026-08-01')] },
  ];

  it('merges by the declared sort fields and cuts to the limit, without the sort aliases', () => {
    expect(mergeOrdered(spec, parts, 4)).toEqual([
      { id: '03103:a', availableFrom: '2026-08-01' },
      { id: '03355:a', availableFrom: '2026-08-01' },
      { id: '03101:a', availableFrom: '2026-09-01' },
      { id: '03355:b', availableFrom: '2026-10-01' },
    ]);
  });

  it('returns everything when there is no limit', () => {
    expect(mergeOrdered(spec, parts, undefined)).toHaveLength(5);
  });

  it('breaks ties of equal sort keys by municipality key', () => {
    const tie = (municipality: string): Part => ({ municipality, value: [{ name: municipality, __kita_sort_0: '2026-08-01', __kita_sort_1: 'same' }] });

    expect(mergeOrdered(spec, [tie('03355'), tie('03101'), tie('03103')], 10)).toEqual([{ name: '03101' }, { name: '03103' }, { name: '03355' }]);
  });

  it('skips municipalities whose part is missing', () => {
    expect(mergeOrdered(spec, [{ municipality: '03101', value: null }, parts[2]], 10)).toEqual([{ id: '03103:a', availableFrom: '2026-08-01' }]);
  });
});

describe('mergeSum', () => {
  const spec: FanOutSpec = { merge: 'SUM', keys: ['ageGroup', 'hoursBand'] };
  // The client aliased ageGroup: buckets are grouped by the router's key aliases, not by response names.
  const bucket = (ageGroup: string, hoursBand: string, vacancies: number, places: number) => ({
    group: ageGroup,
    hoursBand,
    vacancies,
    places,
    __kita_key_0: ageGroup,
    __kita_key_1: hoursBand,
  });

  it('sums every numeric field of buckets with equal keys and keeps buckets with other keys apart', () => {
    const parts: Part[] = [
      { municipality: '03101', value: [bucket('KRIPPE', 'FULL_DAY', 2, 5), bucket('KINDERGARTEN', 'FULL_DAY', 1, 3)] },
      { municipality: '03103', value: [bucket('KRIPPE', 'FULL_DAY', 1, 1), bucket('KRIPPE', 'HALF_DAY', 4, 8)] },
      { municipality: '03355', value: [bucket('KINDERGARTEN', 'FULL_DAY', 3, 10)] },
    ];

    const keyOrder = [
      ['KRIPPE', 'KINDERGARTEN', 'SCHOOL_AGE'],
      ['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'],
    ];
    expect(mergeSum(spec, parts, undefined, keyOrder)).toEqual([
      { group: 'KRIPPE', hoursBand: 'HALF_DAY', vacancies: 4, places: 8 },
      { group: 'KRIPPE', hoursBand: 'FULL_DAY', vacancies: 3, places: 6 },
      { group: 'KINDERGARTEN', hoursBand: 'FULL_DAY', vacancies: 4, places: 13 },
    ]);
  });

  it('never sums the key fields themselves, even when they are numbers', () => {
    const yearSpec: FanOutSpec = { merge: 'SUM', keys: ['year'] };
    const field = (parse('{ stats { year count } }').definitions[0] as any).selectionSet.selections[0];
    const row = (year: number, count: number) => ({ year, count, __kita_key_0: year });
    const merged = mergeSum(
      yearSpec,
      [
        { municipality: '03101', value: [row(2026, 2)] },
        { municipality: '03103', value: [row(2026, 3)] },
      ],
      field,
    );

    expect(merged).toEqual([{ year: 2026, count: 5 }]);
  });

  it('does not change the answers of the municipalities', () => {
    const first = bucket('KRIPPE', 'FULL_DAY', 2, 5);

    mergeSum(spec, [
      { municipality: '03101', value: [first] },
      { municipality: '03103', value: [bucket('KRIPPE', 'FULL_DAY', 1, 1)] },
    ]);

    expect(first.places).toBe(5);
  });

  it('skips municipalities whose part is missing', () => {
    expect(
      mergeSum(spec, [
        { municipality: '03101', value: null },
        { municipality: '03103', value: [bucket('KRIPPE', 'FULL_DAY', 1, 1)] },
      ]),
    ).toEqual([{ group: 'KRIPPE', hoursBand: 'FULL_DAY', vacancies: 1, places: 1 }]);
  });
});

describe('mergeSum with distinct claims', () => {
  const spec: FanOutSpec = { merge: 'SUM', keys: ['municipality', 'district'], distinct: ['children', 'waiting', 'placed'], claims: 'childClaims' };
  const field = (parse('{ demand { municipality district kids: children waiting placed openChoices } }').definitions[0] as any).selectionSet.selections[0];
  const claim = (token: string, weight: number, placed = false) => ({ token, weight, tally: placed ? ['children', 'placed'] : ['children', 'waiting'] });
  // What a subgraph answers: its own counts (which the merge replaces), key aliases and claims.
  const bucket = (municipality: string, district: string, openChoices: number, claims: ReturnType<typeof claim>[]) => ({
    municipality,
    district,
    kids: 99,
    waiting: 99,
    placed: 99,
    openChoices,
    __kita_key_0: municipality,
    __kita_key_1: district,
    __kita_claims: claims,
  });

  it('counts a child with choices in two municipalities once, where its best-ranked choice is', () => {
    const parts: Part[] = [
      { municipality: '03355022', value: [bucket('03355022', 'Kaltenmoor', 1, [claim('child-a', 1), claim('child-b', 2)])] },
      { municipality: '03355', value: [bucket('03355', 'Adendorf', 2, [claim('child-a', 2)]), bucket('03355', 'Reppenstedt', 1, [claim('child-b', 1)])] },
    ];

    expect(mergeSum(spec, parts, field)).toEqual([
      { municipality: '03355', district: 'Adendorf', kids: 0, waiting: 0, placed: 0, openChoices: 2 },
      { municipality: '03355', district: 'Reppenstedt', kids: 1, waiting: 1, placed: 0, openChoices: 1 },
      { municipality: '03355022', district: 'Kaltenmoor', kids: 1, waiting: 1, placed: 0, openChoices: 1 },
    ]);
  });

  it('counts a placed child where its place is, whatever else is still open elsewhere', () => {
    const parts: Part[] = [
      { municipality: '03355022', value: [bucket('03355022', 'Kaltenmoor', 1, [claim('child-a', 1)])] },
      { municipality: '03355', value: [bucket('03355', 'Adendorf', 0, [claim('child-a', 0, true)])] },
    ];

    const merged = mergeSum(spec, parts, field) as Array<Record<string, unknown>>;

    expect(merged.map(({ district, kids, waiting, placed }) => ({ district, kids, waiting, placed }))).toEqual([
      { district: 'Adendorf', kids: 1, waiting: 0, placed: 1 },
      { district: 'Kaltenmoor', kids: 0, waiting: 0, placed: 0 },
    ]);
  });

  it('breaks equal weights by key order, so the answer does not depend on which municipality answered first', () => {
    const a = { municipality: '03355', value: [bucket('03355', 'Adendorf', 1, [claim('child-a', 0, true)])] };
    const b = { municipality: '03355022', value: [bucket('03355022', 'Kaltenmoor', 1, [claim('child-a', 0, true)])] };

    const forwards = mergeSum(spec, [a, b], field);
    const backwards = mergeSum(spec, [b, a], field);

    expect(forwards).toEqual(backwards);
    expect((forwards as Array<Record<string, unknown>>).map((item) => item.kids)).toEqual([1, 0]);
  });

  it('adds buckets with equal keys and never passes tokens on', () => {
    const parts: Part[] = [
      { municipality: '03355', value: [bucket('03355', 'Adendorf', 1, [claim('child-a', 1)])] },
      { municipality: '03356', value: [bucket('03355', 'Adendorf', 2, [claim('child-a', 1), claim('child-c', 3)])] },
    ];

    const merged = mergeSum(spec, parts, field);

    expect(merged).toEqual([{ municipality: '03355', district: 'Adendorf', kids: 2, waiting: 2, placed: 0, openChoices: 3 }]);
    expect(JSON.stringify(merged)).not.toContain('child-');
  });

  it('counts the same whether the counts are asked directly or in fragments (resolved as the router resolves them)', () => {
    const document = parse(`{ demand { municipality ...Place ... on DemandBucket { kids: children } ... @include(if: true) { waiting ...Placed } openChoices } }
      fragment Place on DemandBucket { district }
      fragment Placed on DemandBucket { placed }`);
    const node = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
    const parts: Part[] = [
      { municipality: '03355', value: [bucket('03355', 'Adendorf', 1, [claim('child-a', 1)])] },
      { municipality: '03356', value: [bucket('03355', 'Adendorf', 2, [claim('child-a', 1), claim('child-c', 3)])] },
    ];

    expect(mergeSum(spec, parts, resolvedField(node, fragmentsOf(document)))).toEqual(mergeSum(spec, parts, field));
    // A selection with its fragments left in is refused, never merged without the counts it hides.
    expect(() => mergeSum(spec, parts, node)).toThrow('resolved selection');
  });
});

describe('mergeConcat', () => {
  it('concatenates lists in the order of the parts, skipping missing parts', () => {
    const parts: Part[] = [
      { municipality: '03355', value: [{ id: '03355:1' }] },
      { municipality: '03101', value: null },
      { municipality: '03103', value: [{ id: '03103:1' }, { id: '03103:2' }] },
    ];

    expect(mergeConcat(parts)).toEqual([{ id: '03355:1' }, { id: '03103:1' }, { id: '03103:2' }]);
  });

  it('answers the first single value that is not null', () => {
    expect(
      mergeConcat([
        { municipality: '03101', value: null },
        { municipality: '03103', value: { id: 'b' } },
        { municipality: '03355', value: { id: 'c' } },
      ]),
    ).toEqual({ id: 'b' });
  });

  it('answers null when every part is null', () => {
    expect(
      mergeConcat([
        { municipality: '03101', value: null },
        { municipality: '03103', value: undefined },
      ]),
    ).toBeNull();
  });
});
