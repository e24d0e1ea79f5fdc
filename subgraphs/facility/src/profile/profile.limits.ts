import { FacilityKind } from '../facility/facility.entity.js';

/** Bounds of a facility profile, shown in the schema's descriptions and enforced by the validation. */
export const limits = {
  name: 200,
  carrier: 200,
  street: 200,
  city: 100,
  district: 100,
  description: 2000,
  concepts: 20,
  concept: 40,
  languages: 20,
  phone: 30,
  email: 254,
  website: 500,
  groups: 30,
  groupName: 100,
  groupCapacity: 200,
  /** 18 years: the oldest age any kind of care in this system is for. */
  maxAgeInMonths: 216,
} as const;

/** Children at once a Kindertagespflege (§43 SGB VIII: 5) or a Großtagespflege (Lower Saxony: 8, or 10 with qualification) may take. */
export const maxChildrenOfKind: Partial<Record<FacilityKind, number>> = {
  [FacilityKind.KINDERTAGESPFLEGE]: 5,
  [FacilityKind.GROSSTAGESPFLEGE]: 10,
};

/** Roughly Germany: a location outside this box is a typo (swapped coordinates, a missing minus …). */
export const germany = { south: 47, north: 55.1, west: 5.8, east: 15.1 } as const;
