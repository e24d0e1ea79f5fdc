/**
 * What an allocation run works with, collected from this municipality's reservation database:
 * pure functions from rows to the `allocate` input, so that they are tested without a database.
 */
import type { FreePlaceEntity } from '@kita/shared';
import { hoursBandOf, monthsBetween } from '@kita/shared';
import type { AllocationChild, AllocationGroup, HoursBand } from '../allocation/allocation.js';
import { accepts, freeOn } from '../allocation/allocation.js';
import type { GuardianRecord } from '../part/part.entity.js';
import { ReservationStatus } from '../reservation/reservation.entity.js';

/** Choices that wait for a place and take part in a run. OFFERED ones already have theirs. */
export const runnableStatuses: readonly ReservationStatus[] = [ReservationStatus.SUBMITTED, ReservationStatus.IN_REVIEW];
/**
 * Choices that hold a place the free places still show: an OFFERED place stays among the vacancy
 * subgraph's free places until it is accepted. ACCEPTED ones are not counted again: acceptance
 * records `ChildPlaced`, the vacancy subgraph's placement consumer takes the place off its
 * vacancies, and those events reach `free_place` here (a poll or two after the acceptance).
 */
export const placeHoldingStatuses: readonly ReservationStatus[] = [ReservationStatus.OFFERED];

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
  /** Local IDs of facilities a sibling attends. */
  siblingFacilityIds: string[];
  /** The keyed pseudonym of the child: two parts with the same one are the same child. */
  childPseudonym: string | null;
}

/** The fields of a free place (`FreePlaceEntity`, a vacancy of the vacancy subgraph) a run reads. */
export type FreePlaceRow = Pick<
  FreePlaceEntity,
  'vacancyId' | 'facilityId' | 'places' | 'ageFromMonths' | 'ageToMonths' | 'hoursBand' | 'availableFrom' | 'availableUntil'
>;

const validBands: readonly string[] = ['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'];

/** The child of a run: its parts here (one child, however many applications), or a choice written before parts existed (its own child). */
export interface CollectedChild extends AllocationChild {
  /** The reservation (choice) ID behind each entry of `choices`, same order. */
  reservationIds: string[];
}

/** Orders a child's choices: rank (missing last), then creation, then ID, so that the order never depends on the database. */
function byRank(a: ChoiceRow, b: ChoiceRow): number {
  const ra = a.rank ?? Number.MAX_SAFE_INTEGER;
  const rb = b.rank ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  const ca = a.createdAt.getTime();
  const cb = b.createdAt.getTime();
  if (ca !== cb) return ca - cb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Who a choice belongs to: the child's pseudonym (so two applications for one child are one child), else its part, else itself. */
function childKeyOf(choice: ChoiceRow, parts: Map<string, PartRow>): string {
  const part = choice.partId ? parts.get(choice.partId) : undefined;
  if (!part) return `choice:${choice.id}`;
  return part.childPseudonym ? `child:${part.childPseudonym}` : part.id;
}

/**
 * One `AllocationChild` per child: the child is recognised by its pseudonym, so the parts of two
 * applications for one child (both parents applying, or a second application) are one child with
 * one proposal at most; its choices are its open choices (SUBMITTED / IN_REVIEW) of PUBLISHED
 * facilities of this municipality, by rank, each facility once. A child that already holds an
 * offer (`offered`: its OFFERED choices) takes part only with choices ranked better than it: a
 * worse proposal would block a place the family would not take.
 * `resident` when a guardian of any of its parts lives in the municipality (the residence key
 * equals it, as the submission rules decide it); `legalClaim` from the age at the wished start
 * ≥ 12 months (§24 (2) SGB VIII); `submittedAt` the earliest submission of its parts (the
 * choice's creation without one). Age, start and hours come from the part of its best-ranked
 * choice. `startsOn` is the wished start, or the run's `day` when that has passed: a child cannot
 * start in the past, so a place free by the run's day fits it, and one free only later does not.
 * `siblingIn`: the facilities its parts say a sibling attends (SIBLING counts at a choice of one).
 */
export function collectChildren(
  choices: ChoiceRow[],
  parts: Map<string, PartRow>,
  publishedFacilities: Set<string>,
  municipality: string,
  day: string,
  offered: ChoiceRow[] = [],
): CollectedChild[] {
  const bestOffer = new Map<string, number>();
  for (const row of offered) {
    const key = childKeyOf(row, parts);
    bestOffer.set(key, Math.min(bestOffer.get(key) ?? Number.MAX_SAFE_INTEGER, row.rank ?? Number.MAX_SAFE_INTEGER));
  }
  const byChild = new Map<string, ChoiceRow[]>();
  for (const choice of choices) {
    if (!runnableStatuses.includes(choice.status) || !publishedFacilities.has(choice.facilityId)) continue;
    const key = childKeyOf(choice, parts);
    const offer = bestOffer.get(key);
    if (offer !== undefined && (choice.rank ?? Number.MAX_SAFE_INTEGER) >= offer) continue;
    byChild.set(key, [...(byChild.get(key) ?? []), choice]);
  }
  const children: CollectedChild[] = [];
  for (const [key, rows] of [...byChild].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...rows].sort(byRank);
    const seen = new Set<string>();
    const ordered = sorted.filter((row) => !seen.has(row.facilityId) && seen.add(row.facilityId));
    const first = ordered[0];
    const part = first.partId ? parts.get(first.partId) : undefined;
    const childParts = [...new Set(rows.map((row) => row.partId))].map((id) => (id ? parts.get(id) : undefined)).filter((found): found is PartRow => !!found);
    const birthDate = part?.childBirthDate ?? first.childBirthDate;
    const wishedStart = part?.wishedStart ?? first.wishedStart;
    const ageAtStartMonths = monthsBetween(birthDate, wishedStart);
    const hoursBand = (part && validBands.includes(part.hoursBand) ? part.hoursBand : hoursBandOf(first.hoursPerWeek)) as HoursBand;
    const submissions = childParts.map((found) => found.submittedAt).filter((at): at is Date => !!at);
    const submittedAt = submissions.length ? new Date(Math.min(...submissions.map((at) => at.getTime()))) : first.createdAt;
    children.push({
      id: key,
      birthDate,
      ageAtStartMonths,
      startsOn: wishedStart < day ? day : wishedStart,
      hoursBand,
      choices: ordered.map((row) => row.facilityId),
      reservationIds: ordered.map((row) => row.id),
      resident: childParts.some((found) => found.guardians.some((guardian) => guardian.residenceMunicipality === municipality)),
      siblingIn: [...new Set(childParts.flatMap((found) => found.siblingFacilityIds))],
      legalClaim: ageAtStartMonths >= 12,
      submittedAt: submittedAt.toISOString(),
    });
  }
  return children;
}

/** A choice that holds a place (OFFERED), with what decides which free places it takes. */
export interface HeldPlace {
  id: string;
  facilityId: string;
  ageAtStartMonths: number;
  hoursBand: HoursBand;
  wishedStart: string;
}

export function heldPlaceOf(row: ChoiceRow): HeldPlace {
  return {
    id: row.id,
    facilityId: row.facilityId,
    ageAtStartMonths: monthsBetween(row.childBirthDate, row.wishedStart),
    hoursBand: hoursBandOf(row.hoursPerWeek) as HoursBand,
    wishedStart: row.wishedStart,
  };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The groups of a run: one per free place (vacancy) of a PUBLISHED facility that has not expired
 * by the run's `day`, with its places, age band, hours band and dates (a child is seated only
 * where the places are free on the day it starts, see `accepts`), less the places `held` by
 * OFFERED choices, which the free places still show. A held place is taken from the vacancy the
 * vacancy subgraph will take it from on acceptance (`VacancyService.takePlace`): among those whose
 * age and hours bands take the child, the earliest free on its wished start, else the earliest;
 * none when no vacancy takes the child, as there. Deterministic: groups in facility, date and ID
 * order, held places spread in ID order.
 */
export function collectGroups(freePlaces: FreePlaceRow[], publishedFacilities: Set<string>, held: HeldPlace[], day: string): AllocationGroup[] {
  const groups: AllocationGroup[] = freePlaces
    .filter(
      (place) =>
        publishedFacilities.has(place.facilityId) &&
        validBands.includes(place.hoursBand) &&
        place.places > 0 &&
        (place.availableUntil === null || place.availableUntil >= day),
    )
    .sort((a, b) => compareIds(a.facilityId, b.facilityId) || compareIds(a.availableFrom, b.availableFrom) || compareIds(a.vacancyId, b.vacancyId))
    .map((place) => ({
      id: place.vacancyId,
      facilityId: place.facilityId,
      ageFromMonths: place.ageFromMonths,
      ageToMonths: place.ageToMonths,
      hoursBand: place.hoursBand as HoursBand,
      capacity: Math.floor(place.places),
      availableFrom: place.availableFrom,
      availableUntil: place.availableUntil,
    }));
  const byFacility = new Map<string, AllocationGroup[]>();
  for (const group of groups) byFacility.set(group.facilityId, [...(byFacility.get(group.facilityId) ?? []), group]);
  for (const place of [...held].sort((a, b) => compareIds(a.id, b.id))) {
    // The bands only: a held place's dates decide which vacancy, not whether.
    const asChild = { ageAtStartMonths: place.ageAtStartMonths, hoursBand: place.hoursBand } as AllocationChild;
    const candidates = (byFacility.get(place.facilityId) ?? []).filter((group) => group.capacity > 0 && accepts(group, asChild));
    const target = candidates.find((group) => freeOn(group, place.wishedStart)) ?? candidates[0];
    if (target) target.capacity--;
  }
  return groups;
}
