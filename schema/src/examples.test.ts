import { readdirSync, readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { committedSupergraph } from './compose.js';

// The example operations in clients/examples are what a new user pastes into Sandbox: they must
// stay valid against the API schema the gateway serves.
const folder = new URL('../../clients/examples/', import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith('.graphql'));

describe('clients/examples', () => {
  it('has examples', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s is valid against the API schema', async (name) => {
    const apiSchema = Supergraph.build(await committedSupergraph())
      .apiSchema()
      .toGraphQLJSSchema();
    const errors = validate(apiSchema, parse(readFileSync(new URL(name, folder), 'utf8')));
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
