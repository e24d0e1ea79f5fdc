import { formatId, type MunicipalityKey, monthsBetween } from '@kita/shared';
import type { FacilityFactEntity } from '../facts/facility-fact.entity.js';
import type { ReservationEntity } from '../reservation/reservation.entity.js';
import type { GuardianRecord } from './part.entity.js';

/** A rule a choice breaks at submission; clients branch on `rule`, people read `message`. */
export enum SubmissionRule {
  /** The facility is unknown here or not PUBLISHED. */
  FACILITY_NOT_PUBLISHED = 'FACILITY_NOT_PUBLISHED',
  /** The facility's kind is not among the kinds of care the family asked for. */
  KIND_OF_CARE = 'KIND_OF_CARE',
  /** No group of the facility takes a child of this age at the wished start. */
  AGE = 'AGE',
  /** The places are bound to residence and no guardian lives in the municipality (and no exception was granted). */
  RESIDENCE = 'RESIDENCE',
  /** The wished start has passed since the draft was saved. */
  WISHED_START_PASSED = 'WISHED_START_PASSED',
}

export interface Violation {
  rule: SubmissionRule;
  /** The choice: its reservation ID (for the office, e.g. an exception), facility ID and rank. */
  reservationId: string;
  facilityId: string;
  rank: number | null;
  message: string;
}

export interface SubmissionFacts {
  municipality: MunicipalityKey;
  today: string;
  birthDate: string;
  wishedStart: string;
  kindsOfCare: string[];
  guardians: GuardianRecord[];
}

const kindWords: Record<string, string> = {
  KINDERTAGESSTAETTE: 'a Kita',
  KINDERTAGESPFLEGE: 'a Kindertagespflege',
  GROSSTAGESPFLEGE: 'a Großtagespflege',
};

/**
 * The rules a part must meet when it is released, per choice, in rank order. Messages speak to
 * the parent and never repeat personal data (no names, no birth date, no age).
 */
export function checkSubmission(part: SubmissionFacts, choices: ReservationEntity[], facts: Map<string, FacilityFactEntity>): Violation[] {
  const violations: Violation[] = [];
  const { municipality } = part;
  const age = monthsBetween(part.birthDate, part.wishedStart);
  const resident = part.guardians.some((guardian) => guardian.residenceMunicipality === municipality);
  for (const choice of choices) {
    const facilityId = formatId(municipality, choice.facilityId);
    const label = `Choice ${choice.rank ?? '?'} (facility ${facilityId})`;
    const violation = (rule: SubmissionRule, message: string) =>
      violations.push({ rule, reservationId: formatId(municipality, choice.id), facilityId, rank: choice.rank, message: `${label}: ${message}` });
    if (part.wishedStart < part.today) {
      violation(SubmissionRule.WISHED_START_PASSED, 'the wished start has passed; save the draft with a new one.');
      continue;
    }
    const fact = facts.get(choice.facilityId);
    if (fact?.status !== 'PUBLISHED') {
      violation(SubmissionRule.FACILITY_NOT_PUBLISHED, `is not a published facility of municipality ${municipality}.`);
      continue;
    }
    if (!part.kindsOfCare.includes(fact.kind)) {
      violation(SubmissionRule.KIND_OF_CARE, `is ${kindWords[fact.kind] ?? fact.kind}, which is not among the kinds of care asked for.`);
    }
    if (!fact.groups.some((group) => group.ageFromMonths <= age && age < group.ageToMonths)) {
      const ranges = fact.groups.map((group) => `${group.ageFromMonths}–${group.ageToMonths} months`).join(', ');
      violation(SubmissionRule.AGE, `the child's age at the wished start fits none of its groups (${ranges || 'none listed'}).`);
    }
    if (fact.boundToResidence && !resident && !choice.residenceExceptionAt) {
      violation(
        SubmissionRule.RESIDENCE,
        `its places are for families living in municipality ${municipality}; the office of the municipality can grant an exception for reservation ${formatId(municipality, choice.id)}.`,
      );
    }
  }
  return violations;
}
