import { Kind, parse, valueFromASTUntyped } from 'graphql';
import { fanOutDirectiveDefinition, fanOutSpecUrl } from './fan-out.js';

/**
 * The tenancy declaration: a subgraph that runs once per municipality says so in its own schema
 * with `@perMunicipality(subgraph: "<its name in the supergraph>")`, composed into the supergraph
 * (`@composeDirective`), where the gateway reads the set (`perMunicipalitySubgraphs`). The
 * registry then lists, per municipality, one URL for each declared subgraph; any other subgraph
 * (the registry subgraph) is called at its supergraph URL.
 */
export const tenancySpecUrl = 'https://kita-federation.de/tenancy/v1.0';

export const perMunicipalityDirectiveDefinition = 'directive @perMunicipality(subgraph: String!) repeatable on SCHEMA';

/** The schema header of a Federation 2 subgraph of this project: `@fanOut`, and `@perMunicipality` when it runs per municipality. */
export function federationLinkOf(options: { perMunicipality?: string } = {}): string {
  const tenancy = options.perMunicipality
    ? `
  @link(url: "${tenancySpecUrl}", import: ["@perMunicipality"])
  @composeDirective(name: "@perMunicipality")
  @perMunicipality(subgraph: ${JSON.stringify(options.perMunicipality)})`
    : '';
  return `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@composeDirective", "@inaccessible", "@listSize"])
  @link(url: "${fanOutSpecUrl}", import: ["@fanOut"])
  @composeDirective(name: "@fanOut")${tenancy}

${fanOutDirectiveDefinition}${options.perMunicipality ? `\n\n${perMunicipalityDirectiveDefinition}` : ''}`;
}

/** The cost spec's `@listSize` (federation v2.9): how many items a list field holds, for the gateway's query cost. */
export interface ListSizeSpec {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** The directive text for `@Directive(...)` on a list field without a slicing argument (e.g. `listSize({ assumedSize: 5 })`). */
export function listSize(spec: ListSizeSpec): string {
  const args: string[] = [];
  if (spec.assumedSize !== undefined) args.push(`assumedSize: ${spec.assumedSize}`);
  if (spec.slicingArguments) args.push(`slicingArguments: ${JSON.stringify(spec.slicingArguments)}`);
  if (spec.sizedFields) args.push(`sizedFields: ${JSON.stringify(spec.sizedFields)}`);
  return `@listSize(${args.join(', ')})`;
}

/**
 * The subgraphs a supergraph declares per municipality (`@perMunicipality` on the supergraph's
 * schema, as composed from each subgraph's own declaration), in declaration order. Only names of
 * the supergraph's subgraphs count.
 */
export function perMunicipalitySubgraphs(supergraphSdl: string): string[] {
  const document = parse(supergraphSdl);
  const graphs = new Set<string>();
  let directiveName = 'perMunicipality';
  const declared: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((directive) => directive.name.value === 'join__graph')?.arguments?.find((arg) => arg.name.value === 'name');
        if (name?.value.kind === Kind.STRING) graphs.add(name.value.value);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      // A supergraph may import it under another name: `import: [{ name: "@perMunicipality", as: "@x" }]`.
      if (directive.name.value !== 'link') continue;
      const args = Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
      if (args.url !== tenancySpecUrl) continue;
      for (const imported of (args.import as unknown[] | undefined) ?? []) {
        if (typeof imported === 'object' && imported && (imported as { name?: string }).name === '@perMunicipality')
          directiveName = String((imported as { as?: string }).as ?? '@perMunicipality').replace(/^@/, '');
      }
    }
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== directiveName) continue;
      const subgraph = directive.arguments?.find((arg) => arg.name.value === 'subgraph')?.value;
      if (subgraph?.kind === Kind.STRING && graphs.has(subgraph.value) && !declared.includes(subgraph.value)) declared.push(subgraph.value);
    }
  }
  return declared;
}
