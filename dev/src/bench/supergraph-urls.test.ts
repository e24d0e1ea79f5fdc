import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withSubgraphUrls } from './supergraph-urls.js';

const supergraph = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const urls = {
  facility: 'http://127.0.0.1:1001/graphql',
  vacancy: 'http://127.0.0.1:1002/graphql',
  reservation: 'http://127.0.0.1:1003/graphql',
  registry: 'http://127.0.0.1:1004/graphql',
};

describe('withSubgraphUrls', () => {
  it('points every subgraph of the committed supergraph at the given URL and changes nothing else', () => {
    const rewritten = withSubgraphUrls(supergraph, urls);
    for (const [name, url] of Object.entries(urls)) expect(rewritten).toContain(`@join__graph(name: "${name}", url: "${url}")`);
    const withoutUrls = (sdl: string) => sdl.replace(/url: "[^"]*"/g, 'url: ""');
    expect(withoutUrls(rewritten)).toBe(withoutUrls(supergraph));
  });

  it('refuses a supergraph with a subgraph it has no URL for', () => {
    expect(() => withSubgraphUrls(supergraph, { ...urls, registry: '' })).toThrow('no URL for subgraph registry');
  });
});
