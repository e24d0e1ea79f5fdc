import { addYears, badInput } from '@kita/shared';
import { type FacilityEntity, FacilityKind, kindsWithPermit } from '../facility/facility.entity.js';
import { kindName } from '../profile/profile.validation.js';
import type { PermitInput } from './permit.types.js';

/** §43 SGB VIII: a Pflegeerlaubnis is valid for at most five years. */
export const maxPermitYears = 5;
export const maxPermitNumberLength = 50;

/** Children at once a permit may allow, by kind of care (Lower Saxony: Großtagespflege 8, or 10 with qualification). */
export const permittedMaxChildren: Partial<Record<FacilityKind, readonly number[]>> = {
  [FacilityKind.KINDERTAGESPFLEGE]: [5],
  [FacilityKind.GROSSTAGESPFLEGE]: [8, 10],
};

export const needsPermit = (kind: FacilityKind) => kindsWithPermit.includes(kind);

/** A recorded permit that is valid on `day` (issued on or before it, valid until it or later). */
export function hasValidPermit(row: FacilityEntity, day: string): boolean {
  return row.permitNumber !== null && row.permitIssuedOn !== null && row.permitValidUntil !== null && row.permitIssuedOn <= day && row.permitValidUntil >= day;
}

/**
 * Before a Tagespflege goes to review or to the public: a permit valid today that allows at
 * least the places the profile lists. BAD_USER_INPUT naming `permit`.
 */
export function requirePermitFor(row: FacilityEntity, day: string): void {
  if (!needsPermit(row.kind)) return;
  if (!hasValidPermit(row, day)) {
    const state = row.permitValidUntil === null ? 'none is recorded' : `the recorded one is valid until ${row.permitValidUntil}`;
    throw badInput(`A ${kindName[row.kind]} needs a valid Pflegeerlaubnis, and ${state}; the office records it.`, { argument: 'permit' });
  }
  if (row.permitMaxChildren !== null && row.capacity > row.permitMaxChildren) {
    throw badInput(`The Pflegeerlaubnis allows ${row.permitMaxChildren} children at once, but the profile lists ${row.capacity} places.`, {
      argument: 'permit',
    });
  }
}

/** Checks a permit on its own (dates against `day`); what depends on the facility is checked by `validatePermitFor`. */
export function validatePermitInput(input: PermitInput, day: string, argument = 'input'): PermitInput {
  const number = input.number.trim();
  if (number.length === 0 || number.length > maxPermitNumberLength) {
    throw badInput(`"${argument}.number" must have 1 to ${maxPermitNumberLength} characters.`, { argument: `${argument}.number` });
  }
  if (input.issuedOn > day) throw badInput(`"${argument}.issuedOn" must not be in the future.`, { argument: `${argument}.issuedOn` });
  if (input.validUntil < input.issuedOn) {
    throw badInput(`"${argument}.validUntil" must not be before "issuedOn".`, { argument: `${argument}.validUntil` });
  }
  const latest = addYears(input.issuedOn, maxPermitYears);
  if (input.validUntil > latest) {
    throw badInput(`A Pflegeerlaubnis is valid for at most ${maxPermitYears} years (§43 SGB VIII): "${argument}.validUntil" must be ${latest} or earlier.`, {
      argument: `${argument}.validUntil`,
    });
  }
  // An already lapsed permit would suspend the facility at once: almost certainly a typo.
  if (input.validUntil < day) throw badInput(`"${argument}.validUntil" must not be in the past.`, { argument: `${argument}.validUntil` });
  return { ...input, number };
}

/** What a permit must fit: the kind of care (a Kita has none) and the places the profile lists. */
export function validatePermitFor(row: FacilityEntity, input: PermitInput, facilityArgument = 'facilityId', argument = 'input'): void {
  const allowed = permittedMaxChildren[row.kind];
  if (!allowed) {
    throw badInput(`A ${kindName[row.kind]} needs no Pflegeerlaubnis; permits are for Kindertagespflege and Großtagespflege.`, {
      argument: facilityArgument,
    });
  }
  if (!allowed.includes(input.maxChildren)) {
    throw badInput(`"${argument}.maxChildren" must be ${allowed.join(' or ')} for a ${kindName[row.kind]}.`, { argument: `${argument}.maxChildren` });
  }
  if (row.capacity > input.maxChildren) {
    throw badInput(`The profile lists ${row.capacity} places, more than "${argument}.maxChildren" allows; the provider must reduce its groups first.`, {
      argument: `${argument}.maxChildren`,
    });
  }
}
