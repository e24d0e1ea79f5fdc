import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AccessibilityFeature, CarrierType, FacilityKind, Meal } from '../facility/facility.entity.js';
import { HoursBand } from './facility-group.entity.js';
import type { FacilityProfileInput } from './profile.input.js';
import { isLanguageCode, validateProfileInput } from './profile.validation.js';

const kita: FacilityProfileInput = {
  kind: FacilityKind.KINDERTAGESSTAETTE,
  name: ' Kita Sonnenblume ',
  carrier: 'Hansestadt Lüneburg',
  carrierType: CarrierType.MUNICIPAL,
  address: { street: 'Am Sande 1', postalCode: '21335', city: 'Lüneburg', district: 'Altstadt' },
  location: { latitude: 53.2484, longitude: 10.4081 },
  contact: { phone: '04131 309-0', email: 'kita@example.org', website: 'https://kita.example.org' },
  description: 'Eine Kita in der Altstadt.',
  concepts: ['Montessori', 'Montessori', 'bilingual'],
  languages: ['DE', 'en'],
  meals: [Meal.OWN_KITCHEN, Meal.ORGANIC],
  accessibility: [AccessibilityFeature.WHEELCHAIR_ACCESSIBLE],
  openingHours: [
    { weekday: 2, opens: '07:00', closes: '16:00' },
    { weekday: 1, opens: '07:00', closes: '16:00' },
  ],
  groups: [
    { name: 'Krippe', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: HoursBand.FULL_DAY, capacity: 15 },
    { name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: HoursBand.THREE_QUARTER, capacity: 25 },
  ],
};

const refusal = (input: FacilityProfileInput) => {
  try {
    validateProfileInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions;
  }
  throw new Error('expected the input to be refused');
};

describe('validateProfileInput', () => {
  it('trims, de-duplicates, orders and applies defaults', () => {
    const profile = validateProfileInput(kita);
    expect(profile).toMatchObject({
      name: 'Kita Sonnenblume',
      concepts: ['Montessori', 'bilingual'],
      languages: ['de', 'en'],
      meals: [Meal.ORGANIC, Meal.OWN_KITCHEN],
      boundToResidence: true,
      openingHours: [
        { weekday: 1, opens: '07:00', closes: '16:00' },
        { weekday: 2, opens: '07:00', closes: '16:00' },
      ],
    });
  });

  it('does not bind Kindertagespflege to residence unless asked to', () => {
    const tagespflege = {
      ...kita,
      kind: FacilityKind.KINDERTAGESPFLEGE,
      groups: [{ name: 'Tagespflege', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: HoursBand.FULL_DAY, capacity: 5 }],
    };
    expect(validateProfileInput(tagespflege).boundToResidence).toBe(false);
    expect(validateProfileInput({ ...tagespflege, boundToResidence: true }).boundToResidence).toBe(true);
  });

  it('treats blank contact items as absent', () => {
    expect(validateProfileInput({ ...kita, contact: { phone: ' ', email: '', website: null } })).toMatchObject({ phone: null, email: null, website: null });
  });

  const group = kita.groups[0];
  it.each([
    ['a blank name', { name: '   ' }, 'input.name'],
    ['a postal code of four digits', { address: { ...kita.address, postalCode: '2133' } }, 'input.address.postalCode'],
    ['a latitude beyond 90', { location: { latitude: 91, longitude: 10 } }, 'input.location'],
    ['swapped coordinates', { location: { latitude: 10.4081, longitude: 53.2484 } }, 'input.location'],
    ['a point in Paris', { location: { latitude: 48.8566, longitude: 2.3522 } }, 'input.location'],
    ['a phone number with letters', { contact: { phone: 'call me' } }, 'input.contact.phone'],
    ['an e-mail address without domain', { contact: { email: 'kita@' } }, 'input.contact.email'],
    ['a website that is not http', { contact: { website: 'ftp://kita.example.org' } }, 'input.contact.website'],
    ['a description of 2001 characters', { description: 'x'.repeat(2001) }, 'input.description'],
    ['21 concepts', { concepts: Array.from({ length: 21 }, (_, i) => `Konzept ${i}`) }, 'input.concepts'],
    ['a concept of 41 characters', { concepts: ['x'.repeat(41)] }, 'input.concepts[0]'],
    ['an unknown language', { languages: ['de', 'xx'] }, 'input.languages[1]'],
    ['a three-letter language code', { languages: ['deu'] }, 'input.languages[0]'],
    ['weekday 0', { openingHours: [{ weekday: 0, opens: '07:00', closes: '16:00' }] }, 'input.openingHours[0].weekday'],
    ['a weekday twice', { openingHours: [kita.openingHours![0], kita.openingHours![0]] }, 'input.openingHours[1].weekday'],
    ['a time without leading zero', { openingHours: [{ weekday: 1, opens: '7:00', closes: '16:00' }] }, 'input.openingHours[0].opens'],
    ["25 o'clock", { openingHours: [{ weekday: 1, opens: '07:00', closes: '25:00' }] }, 'input.openingHours[0].closes'],
    ['closing before opening', { openingHours: [{ weekday: 1, opens: '16:00', closes: '07:00' }] }, 'input.openingHours[0].closes'],
    ['no groups', { groups: [] }, 'input.groups'],
    ['a negative age', { groups: [{ ...group, ageRange: { fromMonths: -1, toMonths: 36 } }] }, 'input.groups[0].ageRange.fromMonths'],
    ['an empty age band', { groups: [{ ...group, ageRange: { fromMonths: 36, toMonths: 36 } }] }, 'input.groups[0].ageRange.toMonths'],
    ['an age band beyond 216 months', { groups: [{ ...group, ageRange: { fromMonths: 72, toMonths: 217 } }] }, 'input.groups[0].ageRange.toMonths'],
    ['a group without places', { groups: [group, { ...group, capacity: 0 }] }, 'input.groups[1].capacity'],
    ['a group of 201', { groups: [{ ...group, capacity: 201 }] }, 'input.groups[0].capacity'],
    [
      'a Kindertagespflege for 6 children',
      {
        kind: FacilityKind.KINDERTAGESPFLEGE,
        groups: [
          { ...group, capacity: 3 },
          { ...group, capacity: 3 },
        ],
      },
      'input.groups',
    ],
    ['a Großtagespflege for 11 children', { kind: FacilityKind.GROSSTAGESPFLEGE, groups: [{ ...group, capacity: 11 }] }, 'input.groups'],
  ])('refuses %s as BAD_USER_INPUT naming %s', (_case, overrides, argument) => {
    expect(refusal({ ...kita, ...overrides } as FacilityProfileInput)).toEqual({ code: 'BAD_USER_INPUT', argument });
  });

  it('accepts the corners of Germany and 10 children in a Großtagespflege', () => {
    expect(() => validateProfileInput({ ...kita, location: { latitude: 47, longitude: 5.8 } })).not.toThrow();
    expect(() => validateProfileInput({ ...kita, location: { latitude: 55.1, longitude: 15.1 } })).not.toThrow();
    expect(() => validateProfileInput({ ...kita, kind: FacilityKind.GROSSTAGESPFLEGE, groups: [{ ...group, capacity: 10 }] })).not.toThrow();
  });
});

describe('isLanguageCode', () => {
  it('knows ISO 639-1 codes and nothing else', () => {
    expect(['de', 'en', 'tr', 'ar', 'uk', 'fa'].every(isLanguageCode)).toBe(true);
    expect(['xx', 'qq', 'DE', 'deu', 'd', ''].some(isLanguageCode)).toBe(false);
  });
});
