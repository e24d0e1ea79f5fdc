import { dropDatabases, type InstanceOptions, type SubgraphServer, silentLogger, startSubgraphInstance } from '@kita/shared';
import { TestDatabases, testVerifier } from '@kita/shared/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FacilityEntity, FacilityKind, facilityModule, PublicationStatus } from '../src/index.js';

// Two replicas of one instance share its database; the background work (permit watch, event
// consumers) runs in the one holding the lease, a session-level advisory lock in that database.
const lueneburg = '03355022';
// One set of databases per test: replicas of one test share a database, tests do not.
const databaseSets: TestDatabases[] = [];
const freshDatabase = () => {
  const databases = new TestDatabases();
  databaseSets.push(databases);
  return databases.create(lueneburg, 'facility');
};
const running: SubgraphServer[] = [];

afterAll(async () => {
  for (const server of running) await server.close().catch(() => undefined);
  for (const databases of databaseSets) await databases.drop();
});

/** A replica whose module records each start of its background work under the replica's name. */
async function replica(name: string, options: InstanceOptions, started: string[]): Promise<SubgraphServer> {
  const server = await startSubgraphInstance(
    {
      ...facilityModule,
      start: (instance) => {
        started.push(name);
        return facilityModule.start!(instance);
      },
    },
    { ...options, leaseRetryMs: 100 },
  );
  running.push(server);
  return server;
}

async function instanceOn(databaseUrl: string): Promise<InstanceOptions> {
  return { municipality: lueneburg, databaseUrl, port: 0, verifier: testVerifier, production: false, logger: silentLogger, poolMax: 2 };
}

/** The lease holders as PostgreSQL sees them: sessions holding an advisory lock in this database. */
async function leaseHolders(server: SubgraphServer): Promise<Array<{ application_name: string }>> {
  return server.database.orm.em
    .fork()
    .getConnection()
    .execute(
      `select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
    );
}

const lapsedProfile = () =>
  Object.assign(new FacilityEntity(), {
    kind: FacilityKind.KINDERTAGESPFLEGE,
    name: 'Tagespflege mit abgelaufener Erlaubnis',
    carrier: 'Berta Schulz',
    street: 'Am Weiher 1',
    postalCode: '21337',
    city: 'Lüneburg',
    district: 'Kaltenmoor',
    latitude: 53.24,
    longitude: 10.43,
    ageFromMonths: 0,
    ageToMonths: 36,
    capacity: 5,
    status: PublicationStatus.PUBLISHED,
    permitNumber: 'PE-2019-1',
    permitIssuedOn: '2019-01-01',
    permitValidUntil: '2024-01-01',
    permitMaxChildren: 5,
  });

const statusOf = async (server: SubgraphServer, id: string) => (await server.database.orm.em.fork().findOneOrFail(FacilityEntity, { id })).status;

describe('two replicas of one instance', () => {
  it('run the background work in one replica only, and the other takes over when it stops', async () => {
    const options = await instanceOn(await freshDatabase());
    const started: string[] = [];
    const first = await replica('first', options, started);
    await first.background!.catchUp!();
    const second = await replica('second', options, started);
    await second.background!.catchUp!();

    expect(started).toEqual(['first']);
    expect([first.background!.running!(), second.background!.running!()]).toEqual([true, false]);
    expect(await leaseHolders(first)).toEqual([{ application_name: 'lease:facility-background' }]);

    // A profile whose permit lapsed after the holder's last run: a standby's catch-up does not touch it.
    const lapsed = lapsedProfile();
    await second.database.orm.em.fork().insert(FacilityEntity, lapsed);
    await second.background!.catchUp!();
    expect(await statusOf(second, lapsed.id)).toBe(PublicationStatus.PUBLISHED);

    await first.close();
    // The standby takes the lease on its next try, and its permit watch suspends the profile.
    await vi.waitFor(async () => {
      expect(started).toEqual(['first', 'second']);
      expect(await statusOf(second, lapsed.id)).toBe(PublicationStatus.SUSPENDED);
    });
    expect(second.background!.running!()).toBe(true);
    expect(await leaseHolders(second)).toHaveLength(1);
  });

  it('stop the work of a replica whose lease connection is lost, and one replica holds the lease again', async () => {
    const options = await instanceOn(await freshDatabase());
    const started: string[] = [];
    const first = await replica('first', options, started);
    await first.background!.catchUp!();
    const second = await replica('second', options, started);
    await second.background!.catchUp!();
    expect(started).toEqual(['first']);

    // The holder's session ends (a network cut, a failover): PostgreSQL frees the lock with it.
    await second.database.orm.em
      .fork()
      .getConnection()
      .execute(
        `select pg_terminate_backend(l.pid) from pg_locks l
       where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`,
      );
    await vi.waitFor(async () => {
      expect(started).toHaveLength(2);
      expect(await leaseHolders(second)).toHaveLength(1);
      expect([first.background!.running!(), second.background!.running!()].filter(Boolean)).toHaveLength(1);
    });
  });
});

describe('readiness', () => {
  it('answers 503 with a clear body once the database does not answer, while /health stays a cheap liveness', async () => {
    const databaseUrl = await freshDatabase();
    const server = await startSubgraphInstance(facilityModule, await instanceOn(databaseUrl));
    running.push(server);
    const get = async (route: string) => {
      const response = await fetch(new URL(route, server.url));
      return { status: response.status, body: await response.json() };
    };
    expect(await get('/ready')).toEqual({ status: 200, body: { subgraph: 'facility', municipality: lueneburg, status: 'ready' } });

    await dropDatabases(databaseSets.at(-1)!.serverUrl, [new URL(databaseUrl).pathname.slice(1)]);
    expect(await get('/ready')).toEqual({
      status: 503,
      body: { subgraph: 'facility', municipality: lueneburg, status: 'unavailable', reason: 'the database does not answer' },
    });
    expect((await get('/health')).status).toBe(200);
  });
});
