import { committedSubgraphSdl, committedSupergraph, compose, composedSubgraphs } from '@kita/schema/compose';
import { Kind, parse, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { currentSubgraphSdls } from './current.js';

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

// The committed SDL files are build outputs that reviewers read; these tests fail when the
// code has moved on without `npm run schema:generate`.
describe('committed schema', () => {
  it('matches the SDL each subgraph serves today', async () => {
    const current = await currentSubgraphSdls();
    for (const name of composedSubgraphs) expect(await committedSubgraphSdl(name), `schema/${name}.graphql is stale`).toBe(current[name]);
  });

  it('composes without errors or hints, into the committed supergraph', async () => {
    const composition = compose(await currentSubgraphSdls());
    expect(composition.errors).toEqual([]);
    expect(composition.hints).toEqual([]);
    expect(await committedSupergraph(), 'schema/supergraph.graphql is stale').toBe(composition.supergraphSdl);
  });

  it('reports a composition error instead of writing a broken supergraph', async () => {
    const sdls = await currentSubgraphSdls();
    // A second subgraph defining Facility.name without @shareable must not compose.
    const broken = { ...sdls, vacancy: sdls.vacancy.replace('type Facility @key(fields: "id") {', 'type Facility @key(fields: "id") {\n  name: String!') };
    const composition = compose(broken);
    expect(composition.supergraphSdl).toBe('');
    expect(composition.errors.join('\n')).toMatch(/Facility\.name/);
  });
});

describe('the partial-answer rule (docs/architecture.md, Tenancy, Failure)', () => {
  it("makes every field that a subgraph contributes to another subgraph's entity nullable", async () => {
    const sdls = await currentSubgraphSdls();
    const entities = composedSubgraphs.flatMap((subgraph) =>
      parse(sdls[subgraph]).definitions.flatMap((definition) => {
        const key = definition.kind === Kind.OBJECT_TYPE_DEFINITION ? definition.directives?.find((directive) => directive.name.value === 'key') : undefined;
        return definition.kind === Kind.OBJECT_TYPE_DEFINITION && key ? [{ subgraph, definition, key }] : [];
      }),
    );
    const offending: string[] = [];
    for (const { subgraph, definition, key } of entities) {
      const type = definition.name.value;
      // An entity of one subgraph only has nothing contributed; the owner of a shared one is the subgraph named after it (Facility: facility),
      // and the registry owns Municipality.
      const owner = type === 'Municipality' ? 'registry' : type.toLowerCase();
      if (entities.filter((entity) => entity.definition.name.value === type).length < 2 || owner === subgraph) continue;
      const fields = key.arguments?.find((argument) => argument.name.value === 'fields')?.value;
      const keyFields = new Set((fields?.kind === Kind.STRING ? fields.value : '').split(/\s+/).filter(Boolean));
      for (const field of definition.fields ?? [])
        if (!keyFields.has(field.name.value) && field.type.kind === Kind.NON_NULL_TYPE) offending.push(`${subgraph}: ${type}.${field.name.value}`);
    }
    expect(entities.some((entity) => entity.subgraph === 'vacancy' && entity.definition.name.value === 'Facility')).toBe(true);
    expect(offending).toEqual([]);
  });

  it('types every date, dates of birth included, as LocalDate (one rule for malformed dates: BAD_USER_INPUT with its argument)', async () => {
    const sdls = await currentSubgraphSdls();
    const offending: string[] = [];
    const check = (subgraph: string, where: string, name: string, type: TypeNode) => {
      if (/Date$/.test(name) && namedType(type) !== 'LocalDate') offending.push(`${subgraph}: ${where}.${name}`);
    };
    for (const subgraph of composedSubgraphs) {
      for (const definition of parse(sdls[subgraph]).definitions) {
        if (!('fields' in definition) || !definition.fields) continue;
        for (const field of definition.fields) {
          check(subgraph, definition.name.value, field.name.value, field.type);
          for (const argument of 'arguments' in field ? (field.arguments ?? []) : [])
            check(subgraph, `${definition.name.value}.${field.name.value}`, argument.name.value, argument.type);
        }
      }
    }
    expect(sdls.reservation).toMatch(/input ReservationChildInput \{[^}]*birthDate: LocalDate!/);
    expect(offending).toEqual([]);
  });

  it('makes every query field of a per-municipality subgraph nullable: null when no municipality asked could answer', async () => {
    const sdls = await currentSubgraphSdls();
    const offending: string[] = [];
    // The registry subgraph runs inside the gateway, not per municipality.
    for (const subgraph of composedSubgraphs.filter((name) => name !== 'registry')) {
      for (const definition of parse(sdls[subgraph]).definitions) {
        if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== 'Query') continue;
        for (const field of definition.fields ?? []) {
          if (!field.name.value.startsWith('_') && field.type.kind === Kind.NON_NULL_TYPE) offending.push(`${subgraph}: Query.${field.name.value}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
