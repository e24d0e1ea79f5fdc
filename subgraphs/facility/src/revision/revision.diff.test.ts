import { describe, expect, it } from 'vitest';
import { AccessibilityFeature, CarrierType, FacilityKind, Meal } from '../facility/facility.entity.js';
import { HoursBand } from '../profile/facility-group.entity.js';
import type { FacilityProfile } from '../profile/profile.validation.js';
import { profileChanges } from './revision.diff.js';

const published: FacilityProfile = {
  kind: FacilityKind.KINDERTAGESSTAETTE,
  name: 'Kita Sonnenblume',
  carrier: 'AWO Lüneburg',
  carrierType: CarrierType.WELFARE,
  street: 'Stresemannstraße 10',
  postalCode: '21337',
  city: 'Lüneburg',
  district: 'Kaltenmoor',
  latitude: 53.2384,
  longitude: 10.4328,
  phone: null,
  email: 'kita@example.org',
  website: null,
  description: 'Eine Kita mit Garten.',
  concepts: ['Montessori'],
  languages: ['de'],
  meals: [Meal.ORGANIC],
  accessibility: [],
  openingHours: [{ weekday: 1, opens: '07:00', closes: '16:30' }],
  groups: [
    { name: 'Kindergarten', ageFromMonths: 36, ageToMonths: 72, hoursBand: HoursBand.FULL_DAY, capacity: 25 },
    { name: 'Krippe', ageFromMonths: 12, ageToMonths: 36, hoursBand: HoursBand.FULL_DAY, capacity: 15 },
  ],
  boundToResidence: true,
};

describe('profileChanges', () => {
  it('is empty for the same profile, whatever the order its groups are listed in', () => {
    expect(profileChanges(published, { ...published, groups: [...published.groups].reverse() })).toEqual([]);
  });

  it('names each changed field by its stable key with both values as readable text, in editor order', () => {
    const proposed: FacilityProfile = {
      ...published,
      description: '',
      phone: '04131 123456',
      accessibility: [AccessibilityFeature.STEP_FREE_ENTRANCE],
      openingHours: [
        { weekday: 1, opens: '07:00', closes: '17:00' },
        { weekday: 2, opens: '07:30', closes: '16:00' },
      ],
      groups: [{ name: 'Krippe', ageFromMonths: 12, ageToMonths: 36, hoursBand: HoursBand.HALF_DAY, capacity: 10 }],
      boundToResidence: false,
    };

    expect(profileChanges(published, proposed)).toEqual([
      { field: 'contact.phone', published: null, proposed: '04131 123456' },
      { field: 'description', published: 'Eine Kita mit Garten.', proposed: null },
      { field: 'accessibility', published: null, proposed: 'STEP_FREE_ENTRANCE' },
      { field: 'openingHours', published: 'Mon 07:00–16:30', proposed: 'Mon 07:00–17:00, Tue 07:30–16:00' },
      {
        field: 'groups',
        published: 'Krippe: 12–36 months, FULL_DAY, 15 places, Kindergarten: 36–72 months, FULL_DAY, 25 places',
        proposed: 'Krippe: 12–36 months, HALF_DAY, 10 places',
      },
      { field: 'boundToResidence', published: 'yes', proposed: 'no' },
    ]);
  });
});
