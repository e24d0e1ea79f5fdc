import type { FacilityProfileFragment } from '@kita/sdk';
import { describe, expect, it } from 'vitest';
import { checkDraft, draftOf, fieldOfArgument, inputOf, newDraft } from './profile.js';

const published: FacilityProfileFragment = {
  __typename: 'Facility',
  id: '03355:0190f0a0-0000-7000-8000-000000000001',
  municipality: '03355',
  kind: 'KINDERTAGESPFLEGE',
  name: 'Tagespflege Kleine Strolche',
  carrier: 'Lena Brandt',
  carrierType: 'PERSON',
  description: 'Kleine Gruppe mit Garten.',
  address: { __typename: 'Address', street: 'Artlenburger Landstraße 7', postalCode: '21365', city: 'Adendorf', district: 'Adendorf' },
  location: { __typename: 'GeoPoint', latitude: 53.283, longitude: 10.445 },
  contact: { __typename: 'Contact', phone: '04131 123456', email: null, website: null },
  concepts: ['Naturpädagogik'],
  languages: ['de', 'en'],
  meals: ['ORGANIC'],
  accessibility: [],
  openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ __typename: 'OpeningHours', weekday, opens: '07:30', closes: '15:30' })),
  groups: [
    { __typename: 'FacilityGroup', name: 'Tagespflege', ageRange: { __typename: 'AgeRange', fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 5 },
  ],
  boundToResidence: false,
};

/** A first profile as a Tagespflegeperson fills it in. */
const filled = () => ({
  ...newDraft('Lena Brandt'),
  name: 'Tagespflege Kleine Strolche',
  street: 'Artlenburger Landstraße 7',
  postalCode: '21365',
  city: 'Adendorf',
  district: 'Adendorf',
  latitude: '53.283',
  longitude: '10.445',
});

describe('the profile form', () => {
  it('gives back the profile it was filled from, as the whole input updateFacilityProfile takes', () => {
    const input = inputOf(draftOf(published));
    expect(input).toEqual({
      kind: published.kind,
      name: published.name,
      carrier: published.carrier,
      carrierType: published.carrierType,
      address: { street: 'Artlenburger Landstraße 7', postalCode: '21365', city: 'Adendorf', district: 'Adendorf' },
      location: { latitude: 53.283, longitude: 10.445 },
      contact: { phone: '04131 123456', email: null, website: null },
      description: published.description,
      concepts: published.concepts,
      languages: published.languages,
      meals: published.meals,
      accessibility: published.accessibility,
      openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '15:30' })),
      groups: [{ name: 'Tagespflege', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 5 }],
      boundToResidence: false,
    });
  });

  it('keeps each day its own hours: a Saturday and a shorter Friday come back as they were', () => {
    const hours = [
      ...[1, 2, 3, 4].map((weekday) => ({ weekday, opens: '07:00', closes: '16:00' })),
      { weekday: 5, opens: '07:00', closes: '13:00' },
      { weekday: 6, opens: '09:00', closes: '12:00' },
    ];
    const answered = hours.map((day) => ({ __typename: 'OpeningHours' as const, ...day }));
    expect(inputOf(draftOf({ ...published, openingHours: answered })).openingHours).toEqual(hours);
  });

  it('shows the text a pending revision proposes instead of the published one', () => {
    const draft = draftOf(published, [
      { field: 'description', proposed: 'Mit Hochbeet.' },
      { field: 'contact.email', proposed: 'post@example.de' },
      { field: 'groups', proposed: 'Tagespflege: 0–36 Monate, ganztags, 4 Plätze' },
    ]);
    expect(draft.description).toBe('Mit Hochbeet.');
    expect(draft.email).toBe('post@example.de');
    // Structured fields are not parsed back from their readable text: the published groups stay.
    expect(draft.groups[0].capacity).toBe('5');
  });

  it('finds nothing to say about a complete first profile, and leaves residence to the kind when untouched', () => {
    expect(checkDraft(filled())).toEqual({});
    expect(inputOf(filled())).not.toHaveProperty('boundToResidence');
    expect(inputOf(filled()).openingHours).toHaveLength(5);
  });

  it('names each field that needs fixing, next to which its message goes', () => {
    const errors = checkDraft({
      ...filled(),
      name: ' ',
      postalCode: '2136',
      latitude: '60',
      email: 'kein-at',
      website: 'www.example.de',
      languages: 'de, deutsch',
      hours: filled().hours.map((day) =>
        day.weekday === 5 ? { ...day, opens: '16:00', closes: '08:00' } : day.weekday === 6 ? { ...day, open: true, opens: '' } : day,
      ),
      groups: [{ name: '', fromMonths: '36', toMonths: '12', hoursBand: 'FULL_DAY', capacity: '0' }],
    });
    expect(errors).toEqual({
      name: 'required',
      postalCode: 'postalCode',
      latitude: 'latitude',
      email: 'email',
      website: 'website',
      languages: 'languages',
      'hours-5-closes': 'closes',
      'hours-6-opens': 'required',
      'group-0-name': 'required',
      'group-0-toMonths': 'toMonths',
      'group-0-capacity': 'capacity',
    });
  });

  it('refuses more children than a Kindertagespflege takes, as the subgraph would', () => {
    const draft = filled();
    draft.groups = [
      { name: 'Krippe', fromMonths: '0', toMonths: '36', hoursBand: 'FULL_DAY', capacity: '4' },
      { name: 'Hort', fromMonths: '72', toMonths: '144', hoursBand: 'HALF_DAY', capacity: '2' },
    ];
    expect(checkDraft(draft)).toEqual({ groups: 'tooManyChildren' });
    expect(checkDraft({ ...draft, kind: 'GROSSTAGESPFLEGE' })).toEqual({});
  });

  it("puts the subgraph's refusal next to the field its argument names", () => {
    expect(fieldOfArgument('input.address.postalCode')).toBe('postalCode');
    expect(fieldOfArgument('input.contact.website')).toBe('website');
    expect(fieldOfArgument('input.groups[1].capacity')).toBe('group-1-capacity');
    expect(fieldOfArgument('input.groups[0].ageRange.toMonths')).toBe('group-0-toMonths');
    expect(fieldOfArgument('input.groups')).toBe('groups');
    expect(fieldOfArgument('input.openingHours[2].closes')).toBe('hours');
    expect(fieldOfArgument('input.languages[1]')).toBe('languages');
    expect(fieldOfArgument('input.location')).toBe('latitude');
    expect(fieldOfArgument('municipality')).toBe('municipality');
    expect(fieldOfArgument(undefined)).toBeUndefined();
  });
});
