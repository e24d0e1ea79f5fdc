import type { Logger } from '@kita/core';
import pg from 'pg';
import { closeWithin } from './orm.js';

/** Background work that runs while it is started and ends with `stop` (a module's `BackgroundJob`). */
export interface LeasedWork {
  stop(): void | Promise<void>;
  catchUp?(): Promise<unknown>;
}

export interface LeaseOptions<Work extends LeasedWork> {
  /** The database every replica of the instance shares; the lease is a session-level advisory lock in it. */
  databaseUrl: string;
  /** What the lease guards (e.g. `reservation-background`); the lock key is derived from it. */
  name: string;
  /** How often a standby replica tries to take the lease, and the holder checks its connection (default 5 s). */
  retryMs?: number;
  logger: Logger;
  /** Starts the work when this replica takes the lease; it is stopped when the lease ends or is lost. */
  start(): Work;
}

/** A replica's hold (or wait) on a lease; see `holdLease`. */
export interface Lease<Work extends LeasedWork> {
  /** The work, while this replica holds the lease. */
  current(): Work | undefined;
  /** Settles once the first attempt to take the lease is over (held or not). */
  readonly firstAttempt: Promise<void>;
  /** Stops the work, releases the lease (another replica takes it on its next try) and closes the connection. */
  stop(): Promise<void>;
}

/** Ends a client without waiting on one whose session is gone (see `closeWithin`). */
const endQuietly = (client: pg.Client | undefined): Promise<void> => (client ? closeWithin(client.end(), 1000) : Promise.resolve());

/**
 * Runs `start`'s work in one replica at a time. Every replica opens a dedicated connection and
 * tries `pg_try_advisory_lock` (session level, keyed by a hash of the name) every `retryMs`; the
 * one that gets it runs the work and checks its connection as often. A lost connection is a lost
 * lease (PostgreSQL frees the lock with the session): the work stops and the replica becomes a
 * standby again, so at most one replica works, give or take the time a dead session takes to end.
 */
export function holdLease<Work extends LeasedWork>(options: LeaseOptions<Work>): Lease<Work> {
  const retryMs = options.retryMs ?? 5000;
  const fields = { lease: options.name };
  let client: pg.Client | undefined;
  let work: Work | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let releasing: Promise<void> = Promise.resolve();

  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client({ connectionString: options.databaseUrl, application_name: `lease:${options.name}` });
    // A connection that breaks while idle reports here: the lease went with it, so the work stops now, not at the next check.
    next.on('error', (error) => {
      if (client === next) void release(error.message);
    });
    await next.connect();
    return next;
  };

  const release = (reason: string): Promise<void> => {
    const stopping = work;
    const closing = client;
    work = undefined;
    client = undefined;
    if (stopping) options.logger.warn('lease_lost', { ...fields, reason });
    releasing = Promise.all([releasing, stopping?.stop(), endQuietly(closing)]).then(() => undefined);
    return releasing;
  };

  const attempt = async () => {
    try {
      client ??= await connect();
      if (work) {
        await client.query('select 1');
        return;
      }
      const { rows } = await client.query<{ acquired: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as acquired', [options.name]);
      if (rows[0]?.acquired && !stopped) {
        options.logger.info('lease_acquired', fields);
        work = options.start();
      }
    } catch (error) {
      await release(error instanceof Error ? error.message : String(error));
    }
  };

  const loop = () => {
    running = attempt().finally(() => {
      if (!stopped) {
        timer = setTimeout(loop, retryMs);
        timer.unref();
      }
    });
    return running;
  };
  const firstAttempt = loop();

  return {
    current: () => work,
    firstAttempt,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      await releasing;
      if (work) {
        const stopping = work;
        work = undefined;
        await stopping.stop();
        await client?.query('select pg_advisory_unlock(hashtextextended($1, 0))', [options.name]).catch(() => undefined);
      }
      await endQuietly(client);
      client = undefined;
    },
  };
}
