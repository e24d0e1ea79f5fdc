import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run the TypeScript sources of every workspace package, never stale dist/ builds.
const alias = {
  '@kita/core': here('./core/src/index.ts'),
  '@kita/shared/testing': here('./subgraphs/shared/src/testing/index.ts'),
  '@kita/shared': here('./subgraphs/shared/src/index.ts'),
  '@kita/registry': here('./subgraphs/registry/src/index.ts'),
  '@kita/facility': here('./subgraphs/facility/src/index.ts'),
  '@kita/vacancy': here('./subgraphs/vacancy/src/index.ts'),
  '@kita/notification': here('./subgraphs/notification/src/index.ts'),
  '@kita/reservation': here('./subgraphs/reservation/src/index.ts'),
  '@kita/gateway': here('./gateway/src/index.ts'),
  '@kita/schema/compose': here('./schema/src/compose.ts'),
  '@kita/schema': here('./schema/src/index.ts'),
  '@kita/dev': here('./dev/src/index.ts'),
  // One copy of graphql, or "Cannot use GraphQLSchema from another module or realm".
  graphql: require.resolve('graphql'),
};

const shared = {
  resolve: { alias },
  // type-graphql and MikroORM decorators need legacy decorators with emitted metadata.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
};

export default defineConfig({
  ...shared,
  test: {
    env: { APOLLO_TELEMETRY_DISABLED: '1' },
    projects: [
      {
        ...shared,
        // A limit against hangs, not a speed requirement: a loaded 2-core machine may be slow.
        test: { name: 'unit', include: ['**/src/**/*.test.ts'], exclude: ['**/node_modules/**', '**/dist/**'], testTimeout: 30_000 },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['**/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: [here('./subgraphs/shared/src/testing/global-setup.ts')],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
