import { monthsBetween } from '@kita/shared';

/** What §24 SGB VIII entitles a child to at the wished start, by age. */
export enum LegalClaimKind {
  /** Under 1 year: no general claim; a place when the parents work, train or seek work (§24 (1)). */
  UNDER_ONE = 'UNDER_ONE',
  /** From the first birthday: a place in a Kita or in Kindertagespflege (§24 (2)). */
  ONE_TO_THREE = 'ONE_TO_THREE',
  /** From the third birthday until school entry: a place in a Kita (§24 (3)). */
  THREE_TO_SCHOOL = 'THREE_TO_SCHOOL',
  /** From 6 years (taken as school age): care for school children (§24 (4)), outside the claims above. */
  SCHOOL_AGE = 'SCHOOL_AGE',
}

const words: Record<LegalClaimKind, string> = {
  [LegalClaimKind.UNDER_ONE]: 'no general claim; a place when parents work, train or seek work',
  [LegalClaimKind.ONE_TO_THREE]: 'a place in a Kita or in Kindertagespflege',
  [LegalClaimKind.THREE_TO_SCHOOL]: 'a place in a Kita',
  [LegalClaimKind.SCHOOL_AGE]: 'care for school children (Hort or all-day school) as the municipality provides it; ask your office',
};

export interface LegalClaim {
  kind: LegalClaimKind;
  description: string;
}

/** The legal claim of a child born on `birthDate` at `wishedStart`, in plain words for parents. */
export function legalClaimAt(birthDate: string, wishedStart: string): LegalClaim {
  const months = monthsBetween(birthDate, wishedStart);
  const kind =
    months < 12
      ? LegalClaimKind.UNDER_ONE
      : months < 36
        ? LegalClaimKind.ONE_TO_THREE
        : months < 72
          ? LegalClaimKind.THREE_TO_SCHOOL
          : LegalClaimKind.SCHOOL_AGE;
  return { kind, description: `Legal claim at the wished start (§24 SGB VIII): ${words[kind]}.` };
}
