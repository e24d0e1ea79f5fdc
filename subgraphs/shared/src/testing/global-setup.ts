import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type PostgresServer, startEmbeddedPostgres } from '../database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

/**
 * One PostgreSQL server for the integration tests: the one at DATABASE_URL when set (CI also
 * runs against the system PostgreSQL 15), else an embedded one that is deleted afterwards.
 * Every test file creates its own databases on it, so files run concurrently.
 */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    project.provide('postgresUrl', url);
    return;
  }
  const parent = await mkdtemp(path.join(tmpdir(), 'kita-test-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must reach the data directory.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  server = await startEmbeddedPostgres({ dataDir, persistent: false });
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
