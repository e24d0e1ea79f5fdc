import { ConfigError } from '@kita/shared';
import { describe, expect, it } from 'vitest';
import { allocate, blockingPairs } from '../allocation/allocation.js';
import { ReservationStatus } from '../reservation/reservation.entity.js';
import { reservationSettingsFrom } from '../settings.js';
import { type ChoiceRow, collectChildren, collectGroups, type FreePlaceRow, heldPlaceOf, type PartRow } from './collect.js';

const city = '03355022';
const fa = '00000000-0000-7000-8000-00000000000a';
const fb = '00000000-0000-7000-8000-00000000000b';
const fc = '00000000-0000-7000-8000-00000000000c';
/** The run's day. */
const day = '2026-03-01';

let seq = 0;
const choice = (over: Partial<ChoiceRow>): ChoiceRow => ({
  id: `r${String(++seq).padStart(3, '0')}`,
  facilityId: fa,
  partId: 'p1',
  rank: 1,
  status: ReservationStatus.SUBMITTED,
  childBirthDate: '2025-01-15',
  wishedStart: '2026-08-01',
  hoursPerWeek: 40,
  createdAt: new Date('2026-01-01T10:00:00Z'),
  ...over,
});
const part = (id: string, over: Partial<PartRow> = {}): PartRow => ({
  id,
  childBirthDate: '2025-01-15',
  wishedStart: '2026-08-01',
  hoursBand: 'FULL_DAY',
  guardians: [{ firstName: 'A', lastName: 'B', email: null, phone: null, street: 's', postalCode: '21337', city: 'Lüneburg', residenceMunicipality: city }],
  submittedAt: new Date('2026-01-02T10:00:00Z'),
  siblingFacilityIds: [],
  childPseudonym: null,
  ...over,
});
let vacancySeq = 0;
/** A vacancy as the projection holds it: Krippe, full day, free from 1 August, open-ended. */
const free = (facilityId: string, places: number, over: Partial<FreePlaceRow> = {}): FreePlaceRow => ({
  vacancyId: `v${String(++vacancySeq).padStart(3, '0')}`,
  facilityId,
  places,
  ageFromMonths: 12,
  ageToMonths: 36,
  hoursBand: 'FULL_DAY',
  availableFrom: '2026-08-01',
  availableUntil: null,
  ...over,
});

describe('collectChildren', () => {
  it('makes one child per part with its open choices of published facilities in rank order', () => {
    const rows = [
      choice({ facilityId: fb, rank: 2 }),
      choice({ facilityId: fa, rank: 1 }),
      choice({ facilityId: fc, rank: 3 }), // not published
      choice({ facilityId: fa, rank: 4, status: ReservationStatus.WITHDRAWN }),
      choice({ partId: 'p2', facilityId: fb, rank: 1, status: ReservationStatus.IN_REVIEW }),
      choice({ partId: 'p2', facilityId: fa, rank: 2, status: ReservationStatus.OFFERED }),
    ];
    const parts = new Map([
      ['p1', part('p1')],
      ['p2', part('p2', { childBirthDate: '2025-10-01', guardians: [], submittedAt: null, hoursBand: 'HALF_DAY' })],
    ]);
    const children = collectChildren(rows, parts, new Set([fa, fb]), city, day);
    expect(children).toHaveLength(2);
    const [p1, p2] = children;
    expect(p1).toMatchObject({
      id: 'p1',
      choices: [fa, fb],
      reservationIds: [rows[1].id, rows[0].id],
      ageAtStartMonths: 18,
      startsOn: '2026-08-01',
      legalClaim: true,
      resident: true,
      hoursBand: 'FULL_DAY',
      siblingIn: [],
      submittedAt: '2026-01-02T10:00:00.000Z',
    });
    expect(p2).toMatchObject({ id: 'p2', choices: [fb], ageAtStartMonths: 10, legalClaim: false, resident: false, hoursBand: 'HALF_DAY' });
    // Without a submission time, the choice's creation counts as the waiting time.
    expect(p2.submittedAt).toBe('2026-01-01T10:00:00.000Z');
  });

  it('makes one child of two applications for the same child (same pseudonym): its choices by rank, the earliest submission, every sibling', () => {
    const rows = [
      choice({ partId: 'mother', facilityId: fb, rank: 2 }),
      choice({ partId: 'father', facilityId: fa, rank: 1 }),
      choice({ partId: 'father', facilityId: fb, rank: 3 }),
      choice({ partId: 'other', facilityId: fa, rank: 1 }),
    ];
    const parts = new Map([
      ['mother', part('mother', { childPseudonym: 'same', submittedAt: new Date('2026-01-05T10:00:00Z'), siblingFacilityIds: [fb] })],
      ['father', part('father', { childPseudonym: 'same', guardians: [], submittedAt: new Date('2026-01-09T10:00:00Z') })],
      ['other', part('other', { childPseudonym: 'another' })],
    ]);

    const children = collectChildren(rows, parts, new Set([fa, fb]), city, day);

    expect(children.map((child) => child.id)).toEqual(['child:another', 'child:same']);
    expect(children[1]).toMatchObject({
      choices: [fa, fb],
      reservationIds: [rows[1].id, rows[0].id],
      resident: true,
      siblingIn: [fb],
      submittedAt: '2026-01-05T10:00:00.000Z',
    });
  });

  it('lets a child that holds an offer take part only with better-ranked choices', () => {
    const parts = new Map([['p1', part('p1', { childPseudonym: 'held' })]]);
    const rows = [choice({ facilityId: fa, rank: 1 }), choice({ facilityId: fb, rank: 3 })];
    const offered = [choice({ facilityId: fc, rank: 2, status: ReservationStatus.OFFERED })];

    expect(collectChildren(rows, parts, new Set([fa, fb, fc]), city, day, offered)).toMatchObject([{ id: 'child:held', choices: [fa] }]);
    expect(collectChildren([rows[1]], parts, new Set([fa, fb, fc]), city, day, offered)).toEqual([]);
  });

  it('takes a choice without a part as its own child', () => {
    const rows = [choice({ partId: null, hoursPerWeek: 20 })];
    expect(collectChildren(rows, new Map(), new Set([fa]), city, day)).toMatchObject([{ id: `choice:${rows[0].id}`, hoursBand: 'HALF_DAY', resident: false }]);
  });

  it('gives a child the facilities its part says a sibling attends', () => {
    const rows = [choice({ partId: 'p1', facilityId: fa }), choice({ partId: 'p1', facilityId: fb, rank: 2 })];
    const parts = new Map([['p1', part('p1', { siblingFacilityIds: [fb, fc] })]]);
    expect(collectChildren(rows, parts, new Set([fa, fb]), city, day)[0].siblingIn).toEqual([fb, fc]);
  });

  it("starts a child on the run's day when its wished start has passed", () => {
    const rows = [choice({ partId: 'p1' })];
    const parts = new Map([['p1', part('p1', { wishedStart: '2026-02-01' })]]);
    expect(collectChildren(rows, parts, new Set([fa]), city, day)[0]).toMatchObject({ startsOn: day, ageAtStartMonths: 12 });
    expect(collectChildren(rows, parts, new Set([fa]), city, '2026-01-15')[0].startsOn).toBe('2026-02-01');
  });
});

describe('collectGroups', () => {
  it('makes one group per current free place of a published facility, with its places, bands and dates', () => {
    const places = [
      free(fb, 2, { ageFromMonths: 36, ageToMonths: 72, hoursBand: 'HALF_DAY', availableFrom: '2026-09-01', availableUntil: '2026-12-31' }),
      free(fa, 3),
      free(fc, 5), // not published
      free(fa, 1, { availableFrom: '2025-08-01', availableUntil: '2026-02-28' }), // expired before the run's day
      free(fa, 0), // nothing free
      free(fa, 1, { hoursBand: 'NIGHT' }), // no band the run knows
    ];
    expect(collectGroups(places, new Set([fa, fb]), [], day)).toEqual([
      {
        id: places[1].vacancyId,
        facilityId: fa,
        ageFromMonths: 12,
        ageToMonths: 36,
        hoursBand: 'FULL_DAY',
        capacity: 3,
        availableFrom: '2026-08-01',
        availableUntil: null,
      },
      {
        id: places[0].vacancyId,
        facilityId: fb,
        ageFromMonths: 36,
        ageToMonths: 72,
        hoursBand: 'HALF_DAY',
        capacity: 2,
        availableFrom: '2026-09-01',
        availableUntil: '2026-12-31',
      },
    ]);
  });

  it('takes the places of OFFERED choices off the free place the vacancy subgraph will take them from on acceptance', () => {
    const august = free(fa, 1);
    const january = free(fa, 2, { availableFrom: '2027-01-01' });
    const kindergarten = free(fa, 1, { ageFromMonths: 36, ageToMonths: 72 });
    const places = [august, january, kindergarten, free(fb, 1)];
    const held = [
      // 18 months, starting 1 August: the August place.
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.OFFERED })),
      // The August place is gone: the earliest other that takes the child.
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.OFFERED })),
      // Starting in January: the January place, free on that day.
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.OFFERED, wishedStart: '2027-01-01' })),
      // 40 months at the start: only the Kindergarten place takes it.
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.OFFERED, childBirthDate: '2023-04-01' })),
      // No free place takes a child of 5 years: nothing is taken, as in the vacancy subgraph.
      heldPlaceOf(choice({ facilityId: fb, status: ReservationStatus.OFFERED, childBirthDate: '2021-06-01' })),
    ];
    const capacities = (groups: ReturnType<typeof collectGroups>) => Object.fromEntries(groups.map((group) => [group.id, group.capacity]));
    expect(capacities(collectGroups(places, new Set([fa, fb]), held, day))).toEqual({
      [august.vacancyId]: 0,
      [january.vacancyId]: 0,
      [kindergarten.vacancyId]: 0,
      [places[3].vacancyId]: 1,
    });
    expect(capacities(collectGroups(places, new Set([fa, fb]), [], day))).toEqual({
      [august.vacancyId]: 1,
      [january.vacancyId]: 2,
      [kindergarten.vacancyId]: 1,
      [places[3].vacancyId]: 1,
    });
  });

  it('feeds a stable allocation that gives no child a place before it is free', () => {
    const rows: ChoiceRow[] = [];
    const parts = new Map<string, PartRow>();
    for (let i = 0; i < 12; i++) {
      const id = `p${String(i).padStart(2, '0')}`;
      const wishedStart = ['2026-06-01', '2026-08-01', '2026-09-01'][i % 3];
      parts.set(id, part(id, { wishedStart, childBirthDate: `2025-${String((i % 6) + 1).padStart(2, '0')}-01`, guardians: i % 3 ? part(id).guardians : [] }));
      const order = [fa, fb, fc].slice(i % 3).concat([fa, fb, fc].slice(0, i % 3));
      order.forEach((facilityId, rank) => rows.push(choice({ partId: id, facilityId, rank: rank + 1 })));
    }
    const children = collectChildren(rows, parts, new Set([fa, fb, fc]), city, day);
    const groups = collectGroups(
      [free(fa, 2), free(fb, 2, { availableFrom: '2026-09-01' }), free(fc, 3, { availableFrom: '2026-05-01' })],
      new Set([fa, fb, fc]),
      [],
      day,
    );
    const config = { priorities: reservationSettingsFrom({}).allocationPriorities };
    const result = allocate(children, groups, config);
    expect(blockingPairs(children, groups, config, result)).toEqual([]);
    expect(result.stats.matched).toBe(7);
    for (const proposal of result.proposals) {
      const child = children.find((entry) => entry.id === proposal.childId)!;
      const group = groups.find((entry) => entry.id === proposal.groupId)!;
      expect(child.choices).toContain(proposal.facilityId);
      expect(group.availableFrom! <= child.startsOn!).toBe(true);
    }
  });
});

describe('ALLOCATION_PRIORITIES', () => {
  it('defaults to sibling, legal claim, residence, waiting time and takes a configured list', () => {
    expect(reservationSettingsFrom({}).allocationPriorities).toEqual(['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME']);
    expect(reservationSettingsFrom({ ALLOCATION_PRIORITIES: 'legal_claim, WAITING_TIME' }).allocationPriorities).toEqual(['LEGAL_CLAIM', 'WAITING_TIME']);
  });

  it('refuses unknown or repeated criteria', () => {
    expect(() => reservationSettingsFrom({ ALLOCATION_PRIORITIES: 'INCOME' })).toThrow();
    expect(() => reservationSettingsFrom({ ALLOCATION_PRIORITIES: 'RESIDENCE,RESIDENCE' })).toThrow();
    expect(() => reservationSettingsFrom({ ALLOCATION_PRIORITIES: '' })).toThrow();
    void ConfigError;
  });
});
