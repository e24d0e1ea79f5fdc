import 'reflect-metadata';
import type { LogContext, LoggerNamespace, Logger as OrmLogger, TransactionOptions } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { type Migration, Migrator } from '@mikro-orm/migrations';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Counts the SQL statements an ORM sends. Statement texts are kept in memory for tests and
 * never written anywhere: they can carry personal data.
 */
export class StatementCounter {
  count = 0;
  readonly recent: string[] = [];

  record(sql: string): void {
    this.count += 1;
    this.recent.push(sql);
    if (this.recent.length > 200) this.recent.shift();
  }

  reset(): void {
    this.count = 0;
    this.recent.length = 0;
  }

  /** Statements recorded while `work` ran (requests must not overlap for this to be exact). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const before = this.recent.length;
    const beforeCount = this.count;
    const result = await work();
    return { result, statements: this.recent.slice(before - Math.max(0, this.count - beforeCount - (this.recent.length - before))) };
  }
}

class CountingLogger implements OrmLogger {
  constructor(private readonly counter: StatementCounter) {}
  log(): void {}
  error(): void {}
  warn(): void {}
  setDebugMode(): void {}
  isEnabled(namespace: LoggerNamespace): boolean {
    return namespace === 'query';
  }
  logQuery(context: LogContext): void {
    // Background work (event consumers, timers) forks with `backgroundWork`: not a request's cost.
    if (context.query && !context.background) this.counter.record(context.query);
  }
}

/** Fork options for work outside requests, so statement counts show only what requests cost. */
export const backgroundWork = { loggerContext: { background: true } } as const;

/**
 * The entity manager whose raw `execute` and whose transactions (their begin and commit) carry
 * its own logger context when the caller gives none (MikroORM's pass none): raw SQL in an event
 * consumer or a job, on a fork made with `backgroundWork`, is then background work like the rest
 * of that fork's statements.
 */
class ContextualEntityManager extends EntityManager {
  /** The context of the entity manager that runs the statement (as `execute` picks it), without the global-context check. */
  private ownLoggerContext() {
    return this.getContext(false).getLoggerContext({ disableContextResolution: true });
  }

  override transactional<T>(work: (em: this) => T | Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return super.transactional(work, { loggerContext: this.ownLoggerContext(), ...options });
  }

  override execute(query: any, params?: any, methodOrOptions: 'all' | 'get' | 'run' | object = 'all', loggerContext?: any): Promise<any> {
    const context = this.ownLoggerContext();
    if (typeof methodOrOptions === 'string') return super.execute(query, params, methodOrOptions, loggerContext ?? context);
    return super.execute(query, params, { loggerContext: context, ...methodOrOptions });
  }
}

export type MigrationClass = new (...args: any[]) => Migration;

export interface DatabaseOptions {
  clientUrl: string;
  entities: Function[];
  migrations: MigrationClass[];
  poolMax?: number;
}

export interface Database {
  orm: MikroORM;
  statements: StatementCounter;
  close(): Promise<void>;
}

/**
 * Waits for `closing` at most `ms`, success or failure alike: pg's pool and clients may never
 * settle when the server ended their sessions (a dropped database, a failover), and a stopping
 * instance must still stop.
 */
export function closeWithin(closing: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    closing.then(
      () => resolve(),
      () => resolve(),
    );
  });
}

/** Opens one municipality's database for one subgraph (no schema sync: migrations own the schema). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const statements = new StatementCounter();
  const orm = await MikroORM.init({
    clientUrl: options.clientUrl,
    entities: options.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations.map((migration) => ({ name: migration.name, class: migration })),
      snapshot: false,
      silent: true,
    },
    // Idle connections stay a minute (pg's default is 10 s): longer than any event consumer's idle
    // poll interval (up to 15 s), so that a quiet instance does not open a connection, with a new
    // server process and a SCRAM handshake, for nearly every poll.
    pool: { min: 0, max: options.poolMax ?? 5, idleTimeoutMillis: 60_000 },
    debug: ['query'],
    loggerFactory: () => new CountingLogger(statements),
    entityManager: ContextualEntityManager,
    allowGlobalContext: false,
  });
  return { orm, statements, close: () => closeWithin(orm.close(true), 5000) };
}

export async function migrate(database: Database): Promise<void> {
  await database.orm.migrator.up();
}

/**
 * Whether the database answers `select 1` within `timeoutMs` (readiness). On a fork of its own,
 * counted as background work: a probe is no request's cost.
 */
export async function databaseAnswers(database: Database, timeoutMs = 2000): Promise<{ ok: true } | { ok: false; problem: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([database.orm.em.fork(backgroundWork).getConnection().execute('select 1'), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Names of the module's migrations not yet applied to this database (empty when it is up to date). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  return (await database.orm.migrator.getPending()).map((migration) => migration.name);
}

/** A deployed instance found migrations that were not run: migrating is a step of its own (`dist/migrate.js`). */
export class PendingMigrationsError extends Error {
  constructor(
    readonly subgraph: string,
    readonly pending: string[],
  ) {
    super(
      `the ${subgraph} database has ${pending.length} pending migration(s) (${pending.join(', ')}): run migrate first (node subgraphs/${subgraph}/dist/migrate.js with the same DATABASE_URL)`,
    );
    this.name = 'PendingMigrationsError';
  }
}

/** SQL that would bring the database to the entities' shape; empty when migrations are complete. */
export async function pendingSchemaChanges(database: Database): Promise<string> {
  return (await database.orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
}
