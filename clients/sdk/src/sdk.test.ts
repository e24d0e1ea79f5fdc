import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gql } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { createKitaCache, errorCode, otherErrors, partialAnswer } from './client.js';
import { generatedFiles, sdkRoot } from './codegen.js';

describe('generated SDK', () => {
  it('is current: typed operations, API schema and persisted-documents manifest match schema/supergraph.graphql and src/operations/', async () => {
    const files = await generatedFiles();
    expect([...files.keys()].sort()).toEqual(['persisted-documents.json', 'schema.graphql', 'src/gql/gql.ts', 'src/gql/graphql.ts', 'src/gql/index.ts']);
    for (const [file, content] of files) {
      expect(await readFile(path.join(sdkRoot, file), 'utf8'), `clients/sdk/${file} is stale: npm run generate -w @kita/sdk`).toBe(content);
    }
  });

  it('lists every operation in the manifest, and the API schema hides the federation internals', async () => {
    const manifest = JSON.parse(await readFile(path.join(sdkRoot, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
    // A document with fragments prints them first, on the same line: the operation follows one's closing brace.
    const names = Object.values(manifest).map((document) => /(?:^|\} )(?:query|mutation) (\w+)/.exec(document)?.[1]);
    // Every operation of every app's file in src/operations/, each once.
    const written: string[] = [];
    const folder = path.join(sdkRoot, 'src/operations');
    for (const file of await readdir(folder)) {
      const source = await readFile(path.join(folder, file), 'utf8');
      for (const match of source.matchAll(/^\s*(?:query|mutation) (\w+)/gm)) written.push(match[1]);
    }
    expect(written).toContain('SearchFacilities');
    expect(new Set(written).size).toBe(written.length);
    expect(names.sort()).toEqual(written.sort());
    for (const hash of Object.keys(manifest)) expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const schema = await readFile(path.join(sdkRoot, 'schema.graphql'), 'utf8');
    expect(schema).not.toMatch(/join__|childClaims|@inaccessible/);
  });
});

const page = gql`
  query Page($after: String, $filter: FacilityFilter) {
    facilities(first: 2, after: $after, filter: $filter, orderBy: NAME) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
        }
      }
    }
  }
`;

const answer = (ids: string[], endCursor: string, hasNextPage = true) => ({
  facilities: {
    __typename: 'FacilityConnection',
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
    edges: ids.map((id) => ({ __typename: 'FacilityEdge', cursor: `c-${id}`, node: { __typename: 'Facility', id, name: `Kita ${id}` } })),
  },
});

describe('cache', () => {
  it('merges the fan-out connection page by page and normalises facilities by id', () => {
    const cache = createKitaCache();
    const filter = { text: 'Kita' };
    cache.writeQuery({ query: page, variables: { filter }, data: answer(['03355022:a', '03355:b'], 'p1') });
    cache.writeQuery({ query: page, variables: { filter, after: 'p1' }, data: answer(['03355022:c'], 'p2', false) });
    // A page arriving twice (a double click on "more") is not appended again.
    cache.writeQuery({ query: page, variables: { filter, after: 'p1' }, data: answer(['03355022:c'], 'p2', false) });
    const merged = cache.readQuery<any>({ query: page, variables: { filter } });
    expect(merged.facilities.edges.map((edge: any) => edge.node.id)).toEqual(['03355022:a', '03355:b', '03355022:c']);
    expect(merged.facilities.pageInfo).toMatchObject({ hasNextPage: false, endCursor: 'p2' });
    expect(cache.extract()['Facility:03355:b']).toMatchObject({ id: '03355:b', name: 'Kita 03355:b' });
    // Another search is another entry.
    expect(cache.readQuery({ query: page, variables: { filter: { text: 'other' } } })).toBeNull();
  });
});

describe('partial answers', () => {
  it('names the municipalities that did not answer and keeps other errors apart', () => {
    const errors = [
      { message: 'Hansestadt Lüneburg is unavailable', extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355022' } },
      { message: 'bad', extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'two are unavailable', extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipalities: ['03101', '03103'] } },
    ];
    expect(partialAnswer({ errors }, ['03355', null])).toEqual(['03101', '03103', '03355', '03355022']);
    expect(partialAnswer(undefined)).toEqual([]);
    expect(otherErrors({ errors }).map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(errorCode({ errors: [errors[1]] })).toBe('BAD_USER_INPUT');
  });
});
