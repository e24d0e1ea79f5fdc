import { describe, expect, it } from 'vitest';
import { allocate, blockingPairs } from '../allocation/allocation.js';
import { ReservationStatus } from '../reservation/reservation.entity.js';
import { reservationSettingsFrom } from '../settings.js';
import { ConfigError } from '@kita/shared';
import { collectChildren, collectGroups, heldPlaceOf, type ChoiceRow, type FactRow, type PartRow } from './collect.js';

const city = '03355022';
const fa = '00000000-0000-7000-8000-00000000000a';
const fb = '00000000-0000-7000-8000-00000000000b';
const fc = '00000000-0000-7000-8000-00000000000c';

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
  ...over,
});
const fact = (facilityId: string, capacity: number, status = 'PUBLISHED'): FactRow => ({
  facilityId,
  status,
  groups: [
    { ageFromMonths: 12, ageToMonths: 36, hoursBand: 'FULL_DAY', capacity },
    { ageFromMonths: 36, ageToMonths: 72, hoursBand: 'FULL_DAY', capacity },
  ],
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
    const children = collectChildren(rows, parts, new Set([fa, fb]), city);
    expect(children).toHaveLength(2);
    const [p1, p2] = children;
    expect(p1).toMatchObject({
      id: 'p1',
      choices: [fa, fb],
      reservationIds: [rows[1].id, rows[0].id],
      ageAtStartMonths: 18,
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

  it('takes a choice without a part as its own child', () => {
    const rows = [choice({ partId: null, hoursPerWeek: 20 })];
    expect(collectChildren(rows, new Map(), new Set([fa]), city)).toMatchObject([{ id: `choice:${rows[0].id}`, hoursBand: 'HALF_DAY', resident: false }]);
  });
});

describe('collectGroups', () => {
  it('takes the groups of published facilities, less the places already offered or accepted', () => {
    const held = [
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.OFFERED })), // 18 months: Krippe
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.ACCEPTED })), // Krippe
      heldPlaceOf(choice({ facilityId: fa, status: ReservationStatus.ACCEPTED })), // Krippe full: spills to Kindergarten
      heldPlaceOf(choice({ facilityId: fb, status: ReservationStatus.OFFERED })),
      heldPlaceOf(choice({ facilityId: fb, status: ReservationStatus.OFFERED })),
      heldPlaceOf(choice({ facilityId: fb, status: ReservationStatus.OFFERED })), // nothing left: ignored
    ];
    const groups = collectGroups([fact(fb, 1), fact(fa, 2), fact(fc, 5, 'IN_REVIEW')], held);
    expect(groups.map(({ id, capacity }) => [id, capacity])).toEqual([
      [`${fa}#0`, 0],
      [`${fa}#1`, 1],
      [`${fb}#0`, 0],
      [`${fb}#1`, 0],
    ]);
    expect(collectGroups([fact(fa, 2)], []).map((group) => group.capacity)).toEqual([2, 2]);
  });

  it('feeds a stable allocation that respects the capacities', () => {
    const rows: ChoiceRow[] = [];
    const parts = new Map<string, PartRow>();
    for (let i = 0; i < 12; i++) {
      const id = `p${String(i).padStart(2, '0')}`;
      parts.set(id, part(id, { childBirthDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`, guardians: i % 3 ? part(id).guardians : [] }));
      const order = [fa, fb, fc].slice(i % 3).concat([fa, fb, fc].slice(0, i % 3));
      order.forEach((facilityId, rank) => rows.push(choice({ partId: id, facilityId, rank: rank + 1 })));
    }
    const children = collectChildren(rows, parts, new Set([fa, fb, fc]), city);
    const groups = collectGroups([fact(fa, 2), fact(fb, 2), fact(fc, 3)], []);
    const config = { priorities: reservationSettingsFrom({}).allocationPriorities };
    const result = allocate(children, groups, config);
    expect(blockingPairs(children, groups, config, result)).toEqual([]);
    expect(result.stats.matched).toBe(7);
    for (const proposal of result.proposals) expect(children.find((child) => child.id === proposal.childId)!.choices).toContain(proposal.facilityId);
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
