import { randomUUID } from 'node:crypto';
import { createReservationModule, developmentPseudonymKey, ReservationEntity, ReservationPartEntity, reservationModule } from '@kita/reservation';
import { ConfigError, type SubgraphServer, startSubgraphInstance, startSubgraphMain } from '@kita/shared';
import { TestDatabases, testVerifier } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capturingLogger,
  clientOf,
  draftInput,
  type GraphQLBody,
  insertFact,
  landkreis,
  lueneburg,
  mutations,
  personalValues,
  shiftDays,
  shiftMonths,
  startReservation,
  tokens,
} from './support.js';

const databases = new TestDatabases();
const { logger, lines } = capturingLogger();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
const answers: GraphQLBody[] = [];

beforeAll(async () => {
  server = await startReservation(databases, lueneburg, { logger, settings: { retentionDays: 1 } });
  client = clientOf(server);
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

/** Everything personal the tests below send, in the forms it could leak in. */
const birthDate = shiftMonths(-30, shiftMonths(3));
const secrets = [...personalValues, birthDate, 'Hamburg, Elbchaussee 1', '14.03.2025'];

describe('personal data in logs and error messages', () => {
  it('never appears, whatever goes right or wrong', async () => {
    const kindergarten = await insertFact(server, { groups: [{ ageFromMonths: 36, ageToMonths: 72 }] });
    const kita = await insertFact(server, { groups: [{ ageFromMonths: 0, ageToMonths: 72 }] });
    const parent = await tokens.parent();
    const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const body = await client.call(query, variables, token);
      answers.push(body);
      return body;
    };

    // Refused drafts: every argument that holds personal data, malformed.
    const good = draftInput([{ facilityId: kindergarten, rank: 1 }], { birthDate, residence: landkreis });
    for (const input of [
      { ...good, child: { ...good.child, birthDate: '14.03.2025' } },
      { ...good, child: { ...good.child, firstName: 'Mila\u0000' } },
      { ...good, guardians: [{ ...good.guardians[0], email: 'Katarzyna Schröder' }] },
      { ...good, guardians: [{ ...good.guardians[0], phone: 'Bockelmannstraße 7' }] },
      { ...good, guardians: [{ ...good.guardians[0], address: { ...good.guardians[0].address, postalCode: 'Bockelmannstraße' } }] },
      // Rejected by GraphQL itself before any resolver: graphql-js would quote the whole input.
      { ...good, guardians: [{ ...good.guardians[0], nickname: 'Kasia' }] },
      { ...good, hoursPerWeek: 'Katarzyna Schröder' },
      { ...good, child: 'Mila Schröder' },
    ]) {
      expect((await call(mutations.save, { municipality: lueneburg, input }, parent)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    // Refused submission: age and residence rules.
    await call(mutations.save, { municipality: lueneburg, input: good }, parent);
    const refused = await call(mutations.submit, { municipality: lueneburg, applicationKey: good.applicationKey, idempotencyKey: randomUUID() }, parent);
    expect(refused.errors?.[0].extensions?.violations).toHaveLength(2);

    // A whole life: submitted, offered, lapsed, withdrawn, retention.
    const life = draftInput(
      [
        { facilityId: kita, rank: 1 },
        { facilityId: kindergarten, rank: 2 },
      ],
      { birthDate: shiftMonths(-40, shiftMonths(3)) },
    );
    await call(mutations.save, { municipality: lueneburg, input: life }, parent);
    const part = (await call(mutations.submit, { municipality: lueneburg, applicationKey: life.applicationKey, idempotencyKey: randomUUID() }, parent)).data!
      .submitReservation as any;
    const [first, second] = part.choices.map((choice: any) => choice.id);
    await call(mutations.startReview, { id: first }, await tokens.office());
    await call(mutations.makeOffer, { id: first, deadline: shiftDays(14) }, await tokens.office());
    await call(mutations.withdraw, { id: second, reason: 'Hamburg, Elbchaussee 1' }, parent);
    await server.database.orm.em.fork().nativeUpdate(ReservationEntity, { id: first.split(':')[1] }, { offerDeadline: shiftDays(-1) });
    await server.background!.catchUp!();
    await server.database.orm.em
      .fork()
      .nativeUpdate(ReservationEntity, { partId: part.id.split(':')[1] }, { statusChangedAt: new Date(Date.now() - 3 * 24 * 3600 * 1000) });
    await server.background!.catchUp!();
    expect((await server.database.orm.em.fork().findOneOrFail(ReservationPartEntity, { id: part.id.split(':')[1] })).personalDataRemovedAt).not.toBeNull();

    // Others asking: nothing but refusals.
    await call('query($id: ID!) { reservation(id: $id) { part { child { firstName } } } }', { id: first }, await tokens.analyst(lueneburg));
    await call('query($id: ID!) { reservation(id: $id) { part { child { firstName } } } }', { id: first });

    // The jobs did log what they did, in counts.
    expect(lines.some((line) => line.includes('offers_lapsed'))).toBe(true);
    expect(lines.some((line) => line.includes('personal_data_removed'))).toBe(true);
    const logged = lines.join('\n');
    const messages = answers.flatMap((answer) => (answer.errors ?? []).map((error) => `${error.message} ${JSON.stringify(error.extensions)}`)).join('\n');
    expect(messages.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(logged).not.toContain(secret);
      expect(messages).not.toContain(secret);
    }
  });
});

describe('the pseudonym key', () => {
  it('is refused in production when missing, too short or the development default, without echoing it', async () => {
    const env = {
      NODE_ENV: 'production',
      MUNICIPALITY: lueneburg,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      AUTH_SECRET: 'a-production-secret-of-at-least-32-chars',
      RESERVATION_MAX_CHOICES: '0',
    };
    const problems = async (extra: Record<string, string>) => {
      const error = await startSubgraphMain(reservationModule, { ...env, ...extra }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.join('\n');
    };
    const missing = await problems({});
    expect(missing).toMatch(/PSEUDONYM_KEY: production needs/);
    // Every problem at once: the module's own keys are parsed with the shared ones.
    expect(missing).toMatch(/RESERVATION_MAX_CHOICES/);
    expect(await problems({ PSEUDONYM_KEY: 'short-key' })).toMatch(/PSEUDONYM_KEY: must be at least 32 characters/);
    const development = await problems({ PSEUDONYM_KEY: developmentPseudonymKey });
    expect(development).toMatch(/development key is refused/);
    expect(development).not.toContain(developmentPseudonymKey);
  });

  it('is required by a production instance started in code as well', async () => {
    const start = (pseudonymKey?: string) =>
      startSubgraphInstance(createReservationModule({}, { pseudonymKey }), {
        municipality: landkreis,
        databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
        port: 0,
        verifier: testVerifier,
        production: true,
        logger: capturingLogger().logger,
      });
    await expect(start()).rejects.toThrow(/PSEUDONYM_KEY/);
    await expect(start(developmentPseudonymKey)).rejects.toThrow(/refused in production/);
  });
});
