import { badInput } from '@kita/shared';
import { AccessibilityFeature, CarrierType, FacilityKind, Meal, type OpeningHoursRow } from '../facility/facility.entity.js';
import type { HoursBand } from './facility-group.entity.js';
import type { FacilityProfileInput } from './profile.input.js';
import { germany, limits, maxChildrenOfKind } from './profile.limits.js';

export interface GroupProfile {
  name: string;
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: HoursBand;
  capacity: number;
}

/** A checked profile: trimmed, de-duplicated, with defaults applied; ready to store. */
export interface FacilityProfile {
  kind: FacilityKind;
  name: string;
  carrier: string;
  carrierType: CarrierType;
  street: string;
  postalCode: string;
  city: string;
  district: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  email: string | null;
  website: string | null;
  description: string;
  concepts: string[];
  languages: string[];
  meals: Meal[];
  accessibility: AccessibilityFeature[];
  openingHours: OpeningHoursRow[];
  groups: GroupProfile[];
  boundToResidence: boolean;
}

const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const postalCodePattern = /^\d{5}$/;
const phonePattern = /^\+?[0-9 ()/-]+$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const languagePattern = /^[a-z]{2}$/;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

const unique = <T>(values: T[]) => [...new Set(values)];

/** A required text, trimmed, 1..max characters. */
function text(value: string, max: number, argument: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw badInput(`"${argument}" must have 1 to ${max} characters.`, { argument });
  }
  return trimmed;
}

/** An optional text: null when absent or blank. */
function optionalText(value: string | null | undefined, max: number, argument: string): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (trimmed.length > max) throw badInput(`"${argument}" must have at most ${max} characters.`, { argument });
  return trimmed;
}

/** Whether `code` is a two-letter ISO 639-1 code (ICU knows every one of them). */
export function isLanguageCode(code: string): boolean {
  return languagePattern.test(code) && languageNames.of(code) !== undefined;
}

/**
 * Checks what GraphQL types cannot express and normalises the profile. The first violation
 * becomes BAD_USER_INPUT with `argument` naming the field (e.g. `input.groups[1].capacity`).
 */
export function validateProfileInput(input: FacilityProfileInput, argument = 'input'): FacilityProfile {
  const name = text(input.name, limits.name, `${argument}.name`);
  const carrier = text(input.carrier, limits.carrier, `${argument}.carrier`);

  const street = text(input.address.street, limits.street, `${argument}.address.street`);
  const postalCode = input.address.postalCode.trim();
  if (!postalCodePattern.test(postalCode)) {
    throw badInput(`"${argument}.address.postalCode" must be five digits.`, { argument: `${argument}.address.postalCode` });
  }
  const city = text(input.address.city, limits.city, `${argument}.address.city`);
  const district = text(input.address.district, limits.district, `${argument}.address.district`);

  const { latitude, longitude } = input.location;
  if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
    throw badInput(`"${argument}.location" must have a latitude within ±90 and a longitude within ±180.`, { argument: `${argument}.location` });
  }
  if (latitude < germany.south || latitude > germany.north || longitude < germany.west || longitude > germany.east) {
    throw badInput(
      `"${argument}.location" must lie in Germany (latitude ${germany.south} to ${germany.north}, longitude ${germany.west} to ${germany.east}); are latitude and longitude swapped?`,
      { argument: `${argument}.location` },
    );
  }

  const phone = optionalText(input.contact?.phone, limits.phone, `${argument}.contact.phone`);
  if (phone !== null && (!phonePattern.test(phone) || phone.replace(/\D/g, '').length < 3)) {
    throw badInput(`"${argument}.contact.phone" may hold only digits, spaces and + ( ) / -.`, { argument: `${argument}.contact.phone` });
  }
  const email = optionalText(input.contact?.email, limits.email, `${argument}.contact.email`);
  if (email !== null && !emailPattern.test(email)) {
    throw badInput(`"${argument}.contact.email" is not an e-mail address.`, { argument: `${argument}.contact.email` });
  }
  const website = optionalText(input.contact?.website, limits.website, `${argument}.contact.website`);
  if (website !== null && !isWebAddress(website)) {
    throw badInput(`"${argument}.contact.website" must be an http:// or https:// address.`, { argument: `${argument}.contact.website` });
  }

  const description = input.description?.trim() ?? '';
  if (description.length > limits.description) {
    throw badInput(`"${argument}.description" must have at most ${limits.description} characters.`, { argument: `${argument}.description` });
  }

  const concepts = unique((input.concepts ?? []).map((concept, index) => text(concept, limits.concept, `${argument}.concepts[${index}]`)));
  if (concepts.length > limits.concepts) {
    throw badInput(`"${argument}.concepts" may list at most ${limits.concepts} tags.`, { argument: `${argument}.concepts` });
  }

  const languages = unique(
    (input.languages ?? []).map((language, index) => {
      const code = language.trim().toLowerCase();
      if (!isLanguageCode(code)) {
        throw badInput(`"${argument}.languages[${index}]" must be a two-letter ISO 639-1 code such as "de", got ${JSON.stringify(language)}.`, {
          argument: `${argument}.languages[${index}]`,
        });
      }
      return code;
    }),
  );
  if (languages.length > limits.languages) {
    throw badInput(`"${argument}.languages" may list at most ${limits.languages} languages.`, { argument: `${argument}.languages` });
  }

  const openingHours = validateOpeningHours(input.openingHours ?? [], `${argument}.openingHours`);
  const groups = validateGroups(input, `${argument}.groups`);

  return {
    kind: input.kind,
    name,
    carrier,
    carrierType: input.carrierType,
    street,
    postalCode,
    city,
    district,
    latitude,
    longitude,
    phone,
    email,
    website,
    description,
    concepts,
    languages,
    // Kept in the enums' declaration order, so equal sets are stored alike.
    meals: Object.values(Meal).filter((meal) => input.meals?.includes(meal)),
    accessibility: Object.values(AccessibilityFeature).filter((feature) => input.accessibility?.includes(feature)),
    openingHours,
    groups,
    boundToResidence: input.boundToResidence ?? input.kind === FacilityKind.KINDERTAGESSTAETTE,
  };
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function validateOpeningHours(entries: FacilityProfileInput['openingHours'] & object, argument: string): OpeningHoursRow[] {
  const seen = new Set<number>();
  const rows = entries.map((entry, index) => {
    const at = `${argument}[${index}]`;
    if (!Number.isInteger(entry.weekday) || entry.weekday < 1 || entry.weekday > 7) {
      throw badInput(`"${at}.weekday" must be 1 (Monday) to 7 (Sunday).`, { argument: `${at}.weekday` });
    }
    if (seen.has(entry.weekday)) throw badInput(`"${at}.weekday": weekday ${entry.weekday} is listed twice.`, { argument: `${at}.weekday` });
    seen.add(entry.weekday);
    if (!timePattern.test(entry.opens)) throw badInput(`"${at}.opens" must be a time HH:MM.`, { argument: `${at}.opens` });
    if (!timePattern.test(entry.closes)) throw badInput(`"${at}.closes" must be a time HH:MM.`, { argument: `${at}.closes` });
    // HH:MM strings compare like times.
    if (entry.closes <= entry.opens) throw badInput(`"${at}.closes" must be after "opens".`, { argument: `${at}.closes` });
    return { weekday: entry.weekday, opens: entry.opens, closes: entry.closes };
  });
  return rows.sort((a, b) => a.weekday - b.weekday);
}

function validateGroups(input: FacilityProfileInput, argument: string): GroupProfile[] {
  if (input.groups.length === 0 || input.groups.length > limits.groups) {
    throw badInput(`"${argument}" must list 1 to ${limits.groups} groups.`, { argument });
  }
  const groups = input.groups.map((group, index) => {
    const at = `${argument}[${index}]`;
    const name = text(group.name, limits.groupName, `${at}.name`);
    const { fromMonths, toMonths } = group.ageRange;
    if (fromMonths < 0 || fromMonths >= limits.maxAgeInMonths) {
      throw badInput(`"${at}.ageRange.fromMonths" must be between 0 and ${limits.maxAgeInMonths - 1}.`, { argument: `${at}.ageRange.fromMonths` });
    }
    if (toMonths <= fromMonths || toMonths > limits.maxAgeInMonths) {
      throw badInput(`"${at}.ageRange.toMonths" must be greater than fromMonths and at most ${limits.maxAgeInMonths}.`, {
        argument: `${at}.ageRange.toMonths`,
      });
    }
    if (group.capacity < 1 || group.capacity > limits.groupCapacity) {
      throw badInput(`"${at}.capacity" must be between 1 and ${limits.groupCapacity}.`, { argument: `${at}.capacity` });
    }
    return { name, ageFromMonths: fromMonths, ageToMonths: toMonths, hoursBand: group.hoursBand, capacity: group.capacity };
  });
  const maxChildren = maxChildrenOfKind[input.kind];
  const total = totalCapacity(groups);
  if (maxChildren !== undefined && total > maxChildren) {
    throw badInput(`A ${kindName[input.kind]} takes at most ${maxChildren} children at once; "${argument}" add up to ${total}.`, { argument });
  }
  return groups;
}

export const totalCapacity = (groups: ReadonlyArray<{ capacity: number }>) => groups.reduce((sum, group) => sum + group.capacity, 0);

export const kindName: Record<FacilityKind, string> = {
  [FacilityKind.KINDERTAGESSTAETTE]: 'Kindertagesstätte',
  [FacilityKind.KINDERTAGESPFLEGE]: 'Kindertagespflege',
  [FacilityKind.GROSSTAGESPFLEGE]: 'Großtagespflege',
};
