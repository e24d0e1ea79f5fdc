import { randomUUID } from 'node:crypto';
import type { SubgraphCall } from '@kita/gateway';
import { FacilityFactEntity } from '@kita/reservation';
import { FreePlaceEntity, today } from '@kita/shared';
import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, shiftDays, shiftMonths, startTestStack, type TestStack } from './support.js';

// An allocation run of Hansestadt Lüneburg (03355022) through the real gateway on the demo data:
// the office previews offers for all open choices at once, a submission in between makes the
// preview stale, and a confirmed run makes the offers with their deadline and history.
const calls: SubgraphCall[] = [];
let stack: TestStack;

const { call: gateway, ok } = gatewayClient(() => stack.gateway.url);
const codeOf = async (query: string, variables: Record<string, unknown>, token?: string) =>
  (await gateway(query, variables, token)).body.errors?.[0]?.extensions?.code;

const office = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const otherOffice = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: ['03355'] });
const parent = (subject: string) => tokenFor({ role: 'parent', subject });

const runFields = `id municipality status createdBy priorities childCount matchedCount blockingPairs offerDeadline byRank { rank children }
  proposals { rank facility { id } reservation { id status offerDeadline facility { id } } }`;
const preview = `mutation($m: String!) { previewAllocation(municipality: $m) { ${runFields} } }`;
const confirm = `mutation($id: ID!, $deadline: LocalDate!) { confirmAllocation(runId: $id, deadline: $deadline) { ${runFields} } }`;
const discard = `mutation($id: ID!) { discardAllocation(runId: $id) { id status } }`;
const saveDraft = `mutation($m: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $m, input: $input) { id applicationKey choices { id rank status } } }`;
const submit = `mutation($m: String!, $key: ID!, $idem: String!) { submitReservation(municipality: $m, applicationKey: $key, idempotencyKey: $idem) { id choices { id status } } }`;

const reservationDb = () => stack.instance(city, 'reservation').database.orm.em.fork();
const count = async (sql: string) => (await reservationDb().execute(sql))[0].n as number;
const runCount = () => count('select count(*)::int as n from allocation_run');
const offeredCount = () => count(`select count(*)::int as n from reservation where status = 'OFFERED'`);

let krippen: string[] = [];
const wishedStart = shiftMonths(4);
const family = (lastName: string) => ({
  child: { firstName: 'Mila', lastName, birthDate: shiftMonths(-24, wishedStart) },
  guardians: [
    {
      firstName: 'Katarzyna',
      lastName,
      email: 'k@example.org',
      phone: null,
      address: { street: 'Bockelmannstraße 7', postalCode: '21337', city: 'Lüneburg', residenceMunicipality: city },
    },
  ],
  wishedStart,
  hoursPerWeek: 40,
  kindsOfCare: ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE'],
});
/** A parent's draft of two Krippe choices; submitted unless `draftOnly`. */
async function reserve(subject: string, draftOnly = false): Promise<string[]> {
  const key = randomUUID();
  const input = { ...family(subject), applicationKey: key, choices: krippen.slice(0, 2).map((facilityId, index) => ({ facilityId, rank: index + 1 })) };
  const draft = await ok(saveDraft, { m: city, input }, await parent(subject));
  if (draftOnly) return draft.choices.map((choice: { id: string }) => choice.id);
  const part = await ok(submit, { m: city, key, idem: randomUUID() }, await parent(subject));
  return part.choices.map((choice: { id: string }) => choice.id);
}

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city], seed: true, facilitiesPerMunicipality: 8, observe: (call) => calls.push(call) });
  await stack.instance(city, 'reservation').background!.catchUp!();
  const facts = await reservationDb().find(FacilityFactEntity, { status: 'PUBLISHED' }, { orderBy: { facilityId: 'asc' } });
  krippen = facts
    .filter(
      (fact) =>
        fact.kind === 'KINDERTAGESSTAETTE' &&
        fact.groups.some((group) => group.ageFromMonths <= 24 && 24 < group.ageToMonths && group.hoursBand === 'FULL_DAY'),
    )
    .map((fact) => `${city}:${fact.facilityId}`);
  expect(krippen.length).toBeGreaterThanOrEqual(2);
  // At least one open child of our own, besides the demo data.
  await reserve('parent-allocation-1');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('an allocation run', () => {
  it('is refused to everyone but the office of the municipality, and nothing is written', async () => {
    const before = await runCount();
    expect(await codeOf(preview, { m: city })).toBe('UNAUTHENTICATED');
    expect(await codeOf(preview, { m: city }, await parent('parent-allocation-1'))).toBe('FORBIDDEN');
    expect(await codeOf(preview, { m: city }, await otherOffice())).toBe('FORBIDDEN');
    expect(await codeOf(preview, { m: city }, await tokenFor({ role: 'provider', subject: 'provider-x' }))).toBe('FORBIDDEN');
    expect(await codeOf(preview, { m: city }, await tokenFor({ role: 'analyst', subject: 'analyst-x' }))).toBe('FORBIDDEN');
    expect(await runCount()).toBe(before);
  });

  it('previews stable offers within the choices and the places, without changing any choice', async () => {
    const offeredBefore = await offeredCount();
    const run = await ok(preview, { m: city }, await office());
    expect(run).toMatchObject({ municipality: city, status: 'PREVIEW', createdBy: 'office-city', blockingPairs: 0, offerDeadline: null });
    expect(run.id).toMatch(new RegExp(`^${city}:`));
    expect(run.priorities).toEqual(['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME']);
    expect(run.childCount).toBeGreaterThan(0);
    expect(run.proposals.length).toBe(run.matchedCount);
    expect(run.byRank.reduce((sum: number, { children }: { children: number }) => sum + children, 0)).toBe(run.matchedCount);
    for (const proposal of run.proposals) {
      // The proposal is one of the child's own choices, still open.
      expect(proposal.reservation.facility.id).toBe(proposal.facility.id);
      expect(['SUBMITTED', 'IN_REVIEW']).toContain(proposal.reservation.status);
    }
    // One offer per child (part) at most.
    const em = reservationDb();
    const rows: Array<{ part_id: string; facility_id: string }> = await em.execute(
      `select r.part_id, r.facility_id from allocation_proposal p join reservation r on r.id = p.reservation_id where p.run_id = ?`,
      [run.id.split(':')[1]],
    );
    expect(new Set(rows.map((row) => row.part_id)).size).toBe(rows.length);
    // Capacity: no facility gets more offers than its free places (from the vacancy subgraph) less those already offered.
    expect(await em.count(FreePlaceEntity, {})).toBeGreaterThan(0);
    const facts = await em.find(FacilityFactEntity, {});
    for (const fact of facts) {
      const offers = rows.filter((row) => row.facility_id === fact.facilityId).length;
      const [{ n: free }] = await em.execute(`select coalesce(sum(places), 0)::int as n from free_place where facility_id = ?`, [fact.facilityId]);
      const [{ n: offered }] = await em.execute(`select count(*)::int as n from reservation where facility_id = ? and status = 'OFFERED'`, [fact.facilityId]);
      expect(offers).toBeLessThanOrEqual(Math.max(0, free - offered));
    }
    expect(await offeredCount()).toBe(offeredBefore);
  });

  it('refuses to confirm a preview that a submission made stale, and writes nothing', async () => {
    const run = await ok(preview, { m: city }, await office());
    await reserve('parent-allocation-2');
    const offeredBefore = await offeredCount();
    const { body } = await gateway(confirm, { id: run.id, deadline: shiftDays(21) }, await office());
    expect(body.errors?.[0].extensions?.code).toBe('STALE_ALLOCATION');
    expect(body.errors?.[0].message).toMatch(/changed since the preview/);
    expect(await offeredCount()).toBe(offeredBefore);
    const [{ status }] = await reservationDb().execute('select status from allocation_run where id = ?', [run.id.split(':')[1]]);
    expect(status).toBe('PREVIEW');
  });

  it('refuses to confirm a preview whose free places changed since, and writes nothing', async () => {
    const run = await ok(preview, { m: city }, await office());
    const vacancy = { places: 1, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: today() };
    await ok(
      'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
      { id: krippen[0], input: vacancy },
      await office(),
    );
    await stack.instance(city, 'reservation').background!.catchUp!();
    const offeredBefore = await offeredCount();

    const { body } = await gateway(confirm, { id: run.id, deadline: shiftDays(21) }, await office());

    expect(body.errors?.[0].extensions?.code).toBe('STALE_ALLOCATION');
    expect(body.errors?.[0].message).toMatch(/free places changed since the preview/);
    expect(await offeredCount()).toBe(offeredBefore);
  });

  it('refuses other roles, bad deadlines and older previews on confirm', async () => {
    const older = await ok(preview, { m: city }, await office());
    const run = await ok(preview, { m: city }, await office());
    const offeredBefore = await offeredCount();
    expect(await codeOf(confirm, { id: run.id, deadline: shiftDays(21) })).toBe('UNAUTHENTICATED');
    expect(await codeOf(confirm, { id: run.id, deadline: shiftDays(21) }, await parent('parent-allocation-1'))).toBe('FORBIDDEN');
    expect(await codeOf(confirm, { id: run.id, deadline: shiftDays(21) }, await otherOffice())).toBe('FORBIDDEN');
    expect(await codeOf(discard, { id: run.id }, await parent('parent-allocation-1'))).toBe('FORBIDDEN');
    expect(await codeOf(confirm, { id: run.id, deadline: shiftDays(3) }, await office())).toBe('BAD_USER_INPUT');
    expect(await codeOf(confirm, { id: older.id, deadline: shiftDays(21) }, await office())).toBe('STALE_ALLOCATION');
    expect(await offeredCount()).toBe(offeredBefore);
  });

  it('confirms the newest preview: a draft in between does not matter; offers go out with the deadline and history', async () => {
    const run = await ok(preview, { m: city }, await office());
    expect(run.proposals.length).toBeGreaterThan(0);
    await reserve('parent-allocation-3', true);
    const deadline = shiftDays(21);
    const confirmed = await ok(confirm, { id: run.id, deadline }, await office());
    expect(confirmed).toMatchObject({ id: run.id, status: 'CONFIRMED', offerDeadline: deadline });
    expect(confirmed.proposals.map((p: any) => p.reservation.id).sort()).toEqual(run.proposals.map((p: any) => p.reservation.id).sort());
    for (const proposal of confirmed.proposals) expect(proposal.reservation).toMatchObject({ status: 'OFFERED', offerDeadline: deadline });

    const { reservation } = (
      await gateway(
        `query($id: ID!) { reservation(id: $id) { status history { toStatus actorRole reason } } }`,
        { id: run.proposals[0].reservation.id },
        await office(),
      )
    ).body.data as any;
    expect(reservation.status).toBe('OFFERED');
    expect(reservation.history.at(-1)).toMatchObject({ toStatus: 'OFFERED', actorRole: 'OFFICE', reason: `offer from allocation run ${today()}` });

    expect(await codeOf(confirm, { id: run.id, deadline }, await office())).toBe('INVALID_TRANSITION');
    expect(await codeOf(discard, { id: run.id }, await office())).toBe('INVALID_TRANSITION');
  });

  it('discards a preview', async () => {
    const run = await ok(preview, { m: city }, await office());
    expect(await ok(discard, { id: run.id }, await office())).toEqual({ id: run.id, status: 'DISCARDED' });
    expect(await codeOf(confirm, { id: run.id, deadline: shiftDays(21) }, await office())).toBe('INVALID_TRANSITION');
  });
});

describe('the list of allocation runs', () => {
  const list = `query($m: String!, $status: [AllocationRunStatus!], $first: Int, $after: String) {
    allocationRuns(municipality: $m, status: $status, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id status createdBy createdAt confirmedBy confirmedAt discardedBy discardedAt offerDeadline childCount matchedCount proposals { reservation { id } } } }
    }
  }`;
  const nodes = (page: any) => page.edges.map((edge: any) => edge.node);

  it("shows the office every run of the municipality, newest first, with its state, who and when, and its offers, in one call to the municipality's instance", async () => {
    calls.length = 0;
    const page = await ok(list, { m: city, first: 100 }, await office());
    expect(calls.map((call) => `${call.subgraph}@${call.municipality}`)).toEqual([`reservation@${city}`]);
    const stored: Array<{ id: string; status: string }> = await reservationDb().execute(
      'select id, status from allocation_run order by created_at desc, id desc',
    );
    expect(page.totalCount).toBe(stored.length);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const runs = nodes(page);
    expect(runs.map((run: any) => [run.id, run.status])).toEqual(stored.map((row) => [`${city}:${row.id}`, row.status]));
    expect(new Set(runs.map((run: any) => run.status))).toEqual(new Set(['PREVIEW', 'CONFIRMED', 'DISCARDED']));
    for (const run of runs) {
      expect(run.createdBy).toBe('office-city');
      expect(run.proposals).toHaveLength(run.matchedCount);
      if (run.status === 'CONFIRMED') expect(run).toMatchObject({ confirmedBy: 'office-city', confirmedAt: expect.any(String), offerDeadline: shiftDays(21) });
      else expect(run).toMatchObject({ confirmedBy: null, confirmedAt: null, offerDeadline: null });
      if (run.status === 'DISCARDED') expect(run).toMatchObject({ discardedBy: 'office-city', discardedAt: expect.any(String) });
      else expect(run).toMatchObject({ discardedBy: null, discardedAt: null });
    }
    const times = runs.map((run: any) => Date.parse(run.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('costs at most 5 statements for a page, however many runs and proposals it holds', async () => {
    const { statements } = stack.instance(city, 'reservation').database;
    const measured = async (first: number) => (await statements.measure(async () => ok(list, { m: city, first }, await office()))).statements;
    // The page's keys, the count, the runs, their proposals, the proposals' choices (none without proposals).
    expect((await measured(100)).map((sql) => sql.split(' from ')[1].split(' ')[0])).toEqual([
      'allocation_run',
      'allocation_run',
      '"allocation_run"',
      '"allocation_proposal"',
      '"reservation"',
    ]);
    expect((await measured(1)).length).toBeLessThanOrEqual(5);
  });

  it('continues a page exactly where the last one ended, and filters by state', async () => {
    const whole = nodes(await ok(list, { m: city, first: 100 }, await office())).map((run: any) => run.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await ok(list, { m: city, first: 2, after }, await office());
      expect(page.totalCount).toBe(whole.length);
      seen.push(...nodes(page).map((run: any) => run.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(whole);

    const confirmed = await ok(list, { m: city, status: ['CONFIRMED'] }, await office());
    expect(confirmed.totalCount).toBe(1);
    expect(nodes(confirmed).map((run: any) => run.status)).toEqual(['CONFIRMED']);
  });

  it('is for the office of the municipality only, and refuses bad paging, with stable codes', async () => {
    expect(await codeOf(list, { m: city })).toBe('UNAUTHENTICATED');
    for (const token of [
      await parent('parent-allocation-1'),
      await otherOffice(),
      await tokenFor({ role: 'provider', subject: 'provider-x' }),
      await tokenFor({ role: 'analyst', subject: 'analyst-x', municipalities: [city] }),
    ]) {
      const { body } = await gateway(list, { m: city }, token);
      expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(body.data?.allocationRuns ?? null).toBeNull();
    }
    expect(await codeOf(list, { m: city, first: 0 }, await office())).toBe('BAD_USER_INPUT');
    expect(await codeOf(list, { m: city, first: 101 }, await office())).toBe('BAD_USER_INPUT');
    expect(await codeOf(list, { m: city, after: 'not-a-cursor' }, await office())).toBe('BAD_USER_INPUT');
    expect(await codeOf(list, { m: '09162' }, await office())).toBe('UNKNOWN_MUNICIPALITY');
  });
});
