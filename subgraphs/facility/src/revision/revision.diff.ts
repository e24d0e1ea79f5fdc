import type { FacilityEntity } from '../facility/facility.entity.js';
import type { FacilityGroupEntity } from '../profile/facility-group.entity.js';
import type { FacilityProfile, GroupProfile } from '../profile/profile.validation.js';

/** One field of a profile that a revision changes, as readable text on both sides (null: empty). */
export interface ProfileChange {
  field: string;
  published: string | null;
  proposed: string | null;
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const list = (values: readonly string[]) => (values.length ? values.join(', ') : null);
const groupText = (group: GroupProfile) => `${group.name}: ${group.ageFromMonths}–${group.ageToMonths} months, ${group.hoursBand}, ${group.capacity} places`;
const byAge = (a: GroupProfile, b: GroupProfile) =>
  a.ageFromMonths - b.ageFromMonths || a.ageToMonths - b.ageToMonths || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The profile as readable text by stable field key, in the order an editor shows them: kind,
 * name, carrier, carrierType, address.street, address.postalCode, address.city,
 * address.district, location, contact.phone, contact.email, contact.website, description,
 * concepts, languages, meals, accessibility, openingHours, groups, boundToResidence.
 */
export function profileText(profile: FacilityProfile): Array<[string, string | null]> {
  return [
    ['kind', profile.kind],
    ['name', profile.name],
    ['carrier', profile.carrier],
    ['carrierType', profile.carrierType],
    ['address.street', profile.street],
    ['address.postalCode', profile.postalCode],
    ['address.city', profile.city],
    ['address.district', profile.district],
    ['location', `${profile.latitude}, ${profile.longitude}`],
    ['contact.phone', profile.phone],
    ['contact.email', profile.email],
    ['contact.website', profile.website],
    ['description', profile.description || null],
    ['concepts', list(profile.concepts)],
    ['languages', list(profile.languages)],
    ['meals', list(profile.meals)],
    ['accessibility', list(profile.accessibility)],
    ['openingHours', list(profile.openingHours.map((day) => `${weekdays[day.weekday - 1]} ${day.opens}–${day.closes}`))],
    ['groups', list([...profile.groups].sort(byAge).map(groupText))],
    ['boundToResidence', profile.boundToResidence ? 'yes' : 'no'],
  ];
}

/** The published profile of a stored facility with its groups, in the shape of a checked input. */
export function publishedProfile(row: FacilityEntity, groups: readonly FacilityGroupEntity[]): FacilityProfile {
  return {
    kind: row.kind,
    name: row.name,
    carrier: row.carrier,
    carrierType: row.carrierType,
    street: row.street,
    postalCode: row.postalCode,
    city: row.city,
    district: row.district,
    latitude: row.latitude,
    longitude: row.longitude,
    phone: row.phone,
    email: row.email,
    website: row.website,
    description: row.description,
    concepts: row.concepts,
    languages: row.languages,
    meals: row.meals as FacilityProfile['meals'],
    accessibility: row.accessibility as FacilityProfile['accessibility'],
    openingHours: row.openingHours,
    groups: groups.map(({ name, ageFromMonths, ageToMonths, hoursBand, capacity }) => ({ name, ageFromMonths, ageToMonths, hoursBand, capacity })),
    boundToResidence: row.boundToResidence,
  };
}

/** The fields whose readable text differs between the published and the proposed profile, in editor order. */
export function profileChanges(published: FacilityProfile, proposed: FacilityProfile): ProfileChange[] {
  const before = new Map(profileText(published));
  return profileText(proposed)
    .filter(([field, text]) => before.get(field) !== text)
    .map(([field, proposedText]) => ({ field, published: before.get(field) ?? null, proposed: proposedText }));
}
