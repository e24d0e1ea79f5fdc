import type { AllocationChild, AllocationConfig, AllocationGroup, HoursBand, PriorityCriterion } from './allocation.types.js';

// Who fits a group and whom a facility takes first. Both the allocation and the stability
// check read the rules from here, so that there is exactly one statement of them.

export const hoursBands: readonly HoursBand[] = ['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'];

/** Position of a band in `hoursBands`: a group covers a child when its level is at least the child's. */
export const hoursLevel = (band: HoursBand): number => {
  const level = hoursBands.indexOf(band);
  if (level < 0) throw new RangeError(`unknown hours band ${String(band)}`);
  return level;
};

/**
 * The group's age band contains the child's age at the start, its hours cover the child's, and
 * its places are free on the day the child starts: a place free from 1 August takes a child
 * starting on 1 September, not one starting on 1 June.
 */
export function accepts(group: AllocationGroup, child: AllocationChild): boolean {
  return (
    group.ageFromMonths <= child.ageAtStartMonths &&
    child.ageAtStartMonths < group.ageToMonths &&
    hoursLevel(group.hoursBand) >= hoursLevel(child.hoursBand) &&
    freeOn(group, child.startsOn)
  );
}

/** The group's places are free on `day` (always, without a day). Dates as YYYY-MM-DD compare as text. */
export function freeOn(group: Pick<AllocationGroup, 'availableFrom' | 'availableUntil'>, day: string | undefined): boolean {
  if (day === undefined) return true;
  return (
    (group.availableFrom === undefined || group.availableFrom <= day) &&
    (group.availableUntil === undefined || group.availableUntil === null || day <= group.availableUntil)
  );
}

/** A YYYY-MM-DD day as a number that orders like the day (20260801), for the allocation's inner loop. */
export function dayNumber(day: string): number {
  return Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}

/** Negative when `a` goes before `b` under one criterion, 0 when the criterion does not tell them apart. */
function compareBy(criterion: PriorityCriterion, facilityId: string, a: AllocationChild, b: AllocationChild): number {
  switch (criterion) {
    case 'SIBLING':
      return Number(b.siblingIn.includes(facilityId)) - Number(a.siblingIn.includes(facilityId));
    case 'LEGAL_CLAIM':
      return Number(b.legalClaim) - Number(a.legalClaim);
    case 'RESIDENCE':
      return Number(b.resident) - Number(a.resident);
    case 'WAITING_TIME':
      return submittedMillis(a) - submittedMillis(b);
    default:
      throw new RangeError(`unknown priority criterion ${String(criterion)}`);
  }
}

/**
 * The strict order in which facility `facilityId` ranks children, the same for all its groups:
 * the municipality's criteria in the configured order, then the older child (earlier birth
 * date), then the child id so that no two children tie. Negative when `a` goes before `b`.
 */
export function facilityPriority(config: AllocationConfig, facilityId: string): (a: AllocationChild, b: AllocationChild) => number {
  const criteria = distinctCriteria(config);
  return (a, b) => {
    for (const criterion of criteria) {
      const order = compareBy(criterion, facilityId, a, b);
      if (order !== 0) return Math.sign(order);
    }
    if (a.birthDate !== b.birthDate) return a.birthDate < b.birthDate ? -1 : 1;
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    return 0;
  };
}

const knownCriteria: readonly PriorityCriterion[] = ['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME'];

/** The configured criteria without repeats: a criterion named twice has already decided at its first place. */
export function distinctCriteria(config: AllocationConfig): PriorityCriterion[] {
  for (const criterion of config.priorities) {
    if (!knownCriteria.includes(criterion)) throw new RangeError(`unknown priority criterion ${String(criterion)}`);
  }
  return [...new Set(config.priorities)];
}

/** A calendar day as the rules read it: birth dates, start days, availability. */
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export function submittedMillis(child: AllocationChild): number {
  const millis = Date.parse(child.submittedAt);
  if (Number.isNaN(millis)) throw new RangeError(`child ${child.id}: submittedAt ${child.submittedAt} is not an ISO timestamp`);
  return millis;
}

/** Inputs the rules cannot order are a caller's bug: the resolver validates reservations before a run. */
export function assertValidChild(child: AllocationChild): void {
  if (!dayPattern.test(child.birthDate)) throw new RangeError(`child ${child.id}: birthDate ${child.birthDate} is not YYYY-MM-DD`);
  if (!Number.isFinite(child.ageAtStartMonths)) throw new RangeError(`child ${child.id}: ageAtStartMonths is not a number`);
  if (child.startsOn !== undefined && !dayPattern.test(child.startsOn)) throw new RangeError(`child ${child.id}: startsOn ${child.startsOn} is not YYYY-MM-DD`);
  hoursLevel(child.hoursBand);
  submittedMillis(child);
}

export function assertValidGroup(group: AllocationGroup): void {
  if (!Number.isInteger(group.capacity) || group.capacity < 0) throw new RangeError(`group ${group.id}: capacity ${group.capacity} is not a whole number ≥ 0`);
  for (const day of [group.availableFrom, group.availableUntil]) {
    if (day !== undefined && day !== null && !dayPattern.test(day)) throw new RangeError(`group ${group.id}: ${day} is not YYYY-MM-DD`);
  }
  hoursLevel(group.hoursBand);
}
