import { ConfigError, createLogger, envSchemas, parseConfig } from '@kita/core';
import { z } from 'zod';
import type { SubgraphModule } from './module.js';
import { migrate, openDatabase, pendingMigrations } from './orm.js';

const migrateEnvSchema = z.object({
  NODE_ENV: envSchemas.nodeEnv,
  DATABASE_URL: envSchemas.postgresUrl,
});

/**
 * Entry point of a subgraph's migration step (`node subgraphs/<name>/dist/migrate.js`, with
 * `DATABASE_URL`): applies the module's pending migrations and exits 0, or says why not and
 * exits 1. A deployment runs it before the new `main.js` (a job, an init container), once, not
 * in every replica; `main.js` refuses to start while a migration is pending.
 */
export async function runSubgraphMigrate(module: SubgraphModule<any>, env: Record<string, string | undefined> = process.env): Promise<never> {
  const logger = createLogger(`${module.name}.migrate`);
  try {
    const config = parseConfig(`the ${module.name} migration`, migrateEnvSchema, env);
    const database = await openDatabase({ clientUrl: config.DATABASE_URL, entities: module.entities, migrations: module.migrations, poolMax: 1 });
    try {
      const pending = await pendingMigrations(database);
      await migrate(database);
      logger.info('migrated', { applied: pending, upToDate: pending.length === 0 });
    } finally {
      await database.close();
    }
    process.exit(0);
  } catch (error) {
    // Never the URL: a configuration error names the variable, a database error says what failed.
    const message =
      error instanceof ConfigError ? error.message : `the ${module.name} migration failed: ${error instanceof Error ? error.message : String(error)}`;
    console.error(message);
    process.exit(1);
  }
}
