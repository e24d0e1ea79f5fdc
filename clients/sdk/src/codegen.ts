// Generates the SDK's typed operations and persisted-documents manifest from the API schema: the
// supergraph as clients see it (no join directives, no @inaccessible fields). Used by `npm run
// generate -w @kita/sdk` and by the test that fails when the committed output is stale.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Supergraph } from '@apollo/federation-internals';
import { generate } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import { printSchema } from 'graphql';

export const sdkRoot = fileURLToPath(new URL('..', import.meta.url));
const supergraphFile = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));

/** The API schema of the committed supergraph, printed. */
export async function apiSchemaSdl(): Promise<string> {
  const api = Supergraph.build(await readFile(supergraphFile, 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
  return `# Generated from schema/supergraph.graphql (the API schema clients see): npm run generate -w @kita/sdk\n${printSchema(api)}\n`;
}

/** Every generated file, relative to clients/sdk, with its content. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const schema = await apiSchemaSdl();
  const outputs = await generate(
    {
      cwd: sdkRoot,
      schema,
      documents: ['src/operations/*.ts'],
      ignoreNoDocuments: false,
      silent: true,
      generates: {
        'src/gql/': {
          preset: 'client',
          presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
          // Apollo Client's cache adds __typename to what it sends; the registered documents must hold
          // it too, so that an operation sent by hash alone answers exactly what the cache expects.
          documentTransforms: [addTypenameSelectionDocumentTransform],
          config: {
            useTypeImports: true,
            enumsAsTypes: true,
            emitLegacyCommonJSImports: false,
            scalars: { LocalDate: 'string', DateTimeISO: 'string' },
          },
        },
      },
    },
    false,
  );
  const files = new Map<string, string>([['schema.graphql', schema]]);
  for (const output of outputs) {
    const relative = output.filename.startsWith(sdkRoot) ? output.filename.slice(sdkRoot.length) : output.filename;
    if (relative === 'src/gql/persisted-documents.json') files.set('persisted-documents.json', `${output.content.trim()}\n`);
    else files.set(relative, output.content);
  }
  return files;
}
