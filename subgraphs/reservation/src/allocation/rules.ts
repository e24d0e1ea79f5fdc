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

/** The group's age band contains the child's age at the start and its hours cover the child's. */
export function accepts(group: AllocationGroup, child: AllocationChild): boolean {
  return (
    group.ageFromMonths <= child.ageAtStartMonths &&
    child.ageAtStartMonths < group.ageToMonths &&
    hoursLevel(group.hoursBand) >= hoursLevel(child.hoursBand)
  );
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

const birthDatePattern = /^\d{4}-\d{2}-\d{2}$/;

export function submittedMillis(child: AllocationChild): number {
  const millis = Date.parse(child.submittedAt);
  if (Number.isNaN(millis)) throw new RangeError(`child ${child.id}: submittedAt ${child.submittedAt} is not an ISO timestamp`);
  return millis;
}

/** Inputs the rules cannot order are a caller's bug: the resolver validates reservations before a run. */
export function assertValidChild(child: AllocationChild): void {
  if (!birthDatePattern.test(child.birthDate)) throw new RangeError(`child ${child.id}: birthDate ${child.birthDate} is not YYYY-MM-DD`);
  if (!Number.isFinite(child.ageAtStartMonths)) throw new RangeError(`child ${child.id}: ageAtStartMonths is not a number`);
  hoursLevel(child.hoursBand);
  submittedMillis(child);
}

export function assertValidGroup(group: AllocationGroup): void {
  if (!Number.isInteger(group.capacity) || group.capacity < 0) throw new RangeError(`group ${group.id}: capacity ${group.capacity} is not a whole number ≥ 0`);
  hoursLevel(group.hoursBand);
}
