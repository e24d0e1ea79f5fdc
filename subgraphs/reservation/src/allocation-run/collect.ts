/**
 * What an allocation run works with, collected from this municipality's reservation database:
 * pure functions from rows to the `allocate` input, so that they are tested without a database.
 */
import type { AllocationChild, AllocationGroup, HoursBand } from '../allocation/allocation.js';
import { accepts } from '../allocation/allocation.js';
import type { FacilityGroupFact } from '../facts/facility-fact.entity.js';
import { hoursBandOf, monthsBetween } from '../part/child-age.js';
import type { GuardianRecord } from '../part/part.entity.js';
import { ReservationStatus } from '../reservation/reservation.entity.js';

/** Choices that wait for a place and take part in a run. OFFERED ones already have theirs. */
export const runnableStatuses: readonly ReservationStatus[] = [ReservationStatus.SUBMITTED, ReservationStatus.IN_REVIEW];
/** Choices that hold a place of their facility: they reduce what a run may give away. */
export const placeHoldingStatuses: readonly ReservationStatus[] = [ReservationStatus.OFFERED, ReservationStatus.ACCEPTED];

/** The fields of a choice (`ReservationEntity`) a run reads. */
export interface ChoiceRow {
  id: string;
  facilityId: string;
  partId: string | null;
  rank: number | null;
  status: ReservationStatus;
  childBirthDate: string;
  wishedStart: string;
  hoursPerWeek: number;
  createdAt: Date;
}

/** The fields of a part (`ReservationPartEntity`) a run reads. */
export interface PartRow {
  id: string;
  childBirthDate: string | null;
  wishedStart: string;
  hoursBand: string;
  guardians: GuardianRecord[];
  submittedAt: Date | null;
}

/** The fields of a facility fact a run reads. */
export interface FactRow {
  facilityId: string;
  status: string;
  groups: FacilityGroupFact[];
}

const validBands: readonly string[] = ['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'];

/** The child of a run: a part (one child), or a choice written before parts existed (its own child). */
export interface CollectedChild extends AllocationChild {
  /** The reservation (choice) ID behind each entry of `choices`, same order. */
  reservationIds: string[];
}

/** Orders a part's choices: rank (missing last), then creation, then ID, so that the order never depends on the database. */
function byRank(a: ChoiceRow, b: ChoiceRow): number {
  const ra = a.rank ?? Number.MAX_SAFE_INTEGER;
  const rb = b.rank ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  const ca = a.createdAt.getTime();
  const cb = b.createdAt.getTime();
  if (ca !== cb) return ca - cb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One `AllocationChild` per child: a part is one child, and its choices are that part's open
 * choices (SUBMITTED / IN_REVIEW) of PUBLISHED facilities of this municipality, by rank.
 * `resident` when a guardian lives in the municipality (the residence key equals it, as the
 * submission rules decide it); `legalClaim` from the age at the wished start ≥ 12 months
 * (§24 (2) SGB VIII); `submittedAt` of the part (the choice's creation without one).
 * `siblingIn` stays empty: siblings are not recorded yet, so SIBLING never decides.
 */
export function collectChildren(choices: ChoiceRow[], parts: Map<string, PartRow>, publishedFacilities: Set<string>, municipality: string): CollectedChild[] {
  const byChild = new Map<string, ChoiceRow[]>();
  for (const choice of choices) {
    if (!runnableStatuses.includes(choice.status) || !publishedFacilities.has(choice.facilityId)) continue;
    const key = choice.partId && parts.has(choice.partId) ? choice.partId : `choice:${choice.id}`;
    byChild.set(key, [...(byChild.get(key) ?? []), choice]);
  }
  const children: CollectedChild[] = [];
  for (const [key, rows] of [...byChild].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...rows].sort(byRank);
    const seen = new Set<string>();
    const ordered = sorted.filter((row) => !seen.has(row.facilityId) && seen.add(row.facilityId));
    const first = ordered[0];
    const part = first.partId ? parts.get(first.partId) : undefined;
    const birthDate = part?.childBirthDate ?? first.childBirthDate;
    const wishedStart = part?.wishedStart ?? first.wishedStart;
    const ageAtStartMonths = monthsBetween(birthDate, wishedStart);
    const hoursBand = (part && validBands.includes(part.hoursBand) ? part.hoursBand : hoursBandOf(first.hoursPerWeek)) as HoursBand;
    children.push({
      id: key,
      birthDate,
      ageAtStartMonths,
      hoursBand,
      choices: ordered.map((row) => row.facilityId),
      reservationIds: ordered.map((row) => row.id),
      resident: part ? part.guardians.some((guardian) => guardian.residenceMunicipality === municipality) : false,
      siblingIn: [],
      legalClaim: ageAtStartMonths >= 12,
      submittedAt: (part?.submittedAt ?? first.createdAt).toISOString(),
    });
  }
  return children;
}

/** A choice that holds a place (OFFERED / ACCEPTED), with what decides which group it sits in. */
export interface HeldPlace {
  id: string;
  facilityId: string;
  ageAtStartMonths: number;
  hoursBand: HoursBand;
}

export function heldPlaceOf(row: ChoiceRow): HeldPlace {
  return {
    id: row.id,
    facilityId: row.facilityId,
    ageAtStartMonths: monthsBetween(row.childBirthDate, row.wishedStart),
    hoursBand: hoursBandOf(row.hoursPerWeek) as HoursBand,
  };
}

/** A group's ID in a run: the facility and the group's position in its facts. */
export const groupIdOf = (facilityId: string, index: number) => `${facilityId}#${index}`;

/**
 * The groups of PUBLISHED facilities with the places a run may give: the group's capacity minus
 * the choices already OFFERED or ACCEPTED at the facility. An approximation: the free places
 * themselves live in the vacancy subgraph (children already in care are not here), and a held
 * place is not tied to a group, so each is counted against the first group (in the facts'
 * order) that accepts its child and still has a place, else the first group with a place.
 * Deterministic: held places are spread in ID order.
 */
export function collectGroups(facts: FactRow[], held: HeldPlace[]): AllocationGroup[] {
  const groups: AllocationGroup[] = [];
  const heldByFacility = new Map<string, HeldPlace[]>();
  for (const place of held) heldByFacility.set(place.facilityId, [...(heldByFacility.get(place.facilityId) ?? []), place]);
  for (const fact of [...facts].sort((a, b) => (a.facilityId < b.facilityId ? -1 : a.facilityId > b.facilityId ? 1 : 0))) {
    if (fact.status !== 'PUBLISHED') continue;
    const own: AllocationGroup[] = [];
    fact.groups.forEach((group, index) => {
      if (!validBands.includes(group.hoursBand)) return;
      own.push({
        id: groupIdOf(fact.facilityId, index),
        facilityId: fact.facilityId,
        ageFromMonths: group.ageFromMonths,
        ageToMonths: group.ageToMonths,
        hoursBand: group.hoursBand as HoursBand,
        capacity: Math.max(0, Math.floor(group.capacity)),
      });
    });
    const places = [...(heldByFacility.get(fact.facilityId) ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const place of places) {
      const asChild = { ageAtStartMonths: place.ageAtStartMonths, hoursBand: place.hoursBand } as AllocationChild;
      const target = own.find((group) => group.capacity > 0 && accepts(group, asChild)) ?? own.find((group) => group.capacity > 0);
      if (target) target.capacity--;
    }
    groups.push(...own);
  }
  return groups;
}
