// The profile form's state and its way to FacilityProfileInput and back: text fields as typed,
// checked here first (messages next to the fields), then by the facility subgraph.
import type { FacilityKind, FacilityProfileFragment, FacilityProfileInput, HoursBand } from '@kita/sdk';

export const kinds: FacilityKind[] = ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE', 'KINDERTAGESSTAETTE'];
export const carrierTypes = ['PERSON', 'PARENTS', 'PRIVATE', 'WELFARE', 'CHURCH', 'MUNICIPAL'] as const;
export const hoursBands: HoursBand[] = ['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'];
export const accessibilityFeatures = ['WHEELCHAIR_ACCESSIBLE', 'STEP_FREE_ENTRANCE', 'ACCESSIBLE_TOILET', 'INCLUSIVE_CARE'] as const;
export const meals = [
  'ORGANIC',
  'REGIONAL',
  'VEGETARIAN_OPTION',
  'VEGAN_OPTION',
  'HALAL_OPTION',
  'ALLERGY_AWARE',
  'OWN_KITCHEN',
  'CATERED',
  'BROUGHT_FROM_HOME',
] as const;

export interface GroupDraft {
  name: string;
  fromMonths: string;
  toMonths: string;
  hoursBand: HoursBand;
  capacity: string;
}

export interface DayHours {
  weekday: number;
  open: boolean;
  opens: string;
  closes: string;
}

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

export interface ProfileDraft {
  kind: FacilityKind;
  name: string;
  carrier: string;
  carrierType: string;
  street: string;
  postalCode: string;
  city: string;
  district: string;
  latitude: string;
  longitude: string;
  phone: string;
  email: string;
  website: string;
  description: string;
  concepts: string;
  languages: string;
  meals: string[];
  accessibility: string[];
  /** Opening hours by weekday (1 = Monday … 7 = Sunday), HH:MM; a closed day sends nothing. */
  hours: DayHours[];
  groups: GroupDraft[];
  /** Null: the default of the kind (a Kita bound to residence, a Tagespflege not). */
  boundToResidence: boolean | null;
}

/** A Tagespflegeperson's first profile: one group of up to five children under three. */
export function newDraft(carrier: string): ProfileDraft {
  return {
    kind: 'KINDERTAGESPFLEGE',
    name: '',
    carrier,
    carrierType: 'PERSON',
    street: '',
    postalCode: '',
    city: '',
    district: '',
    latitude: '',
    longitude: '',
    phone: '',
    email: '',
    website: '',
    description: '',
    concepts: '',
    languages: 'de',
    meals: [],
    accessibility: [],
    hours: weekdays.map((weekday) => ({ weekday, open: weekday <= 5, opens: '07:30', closes: '15:30' })),
    groups: [{ name: 'Tagespflege', fromMonths: '0', toMonths: '36', hoursBand: 'FULL_DAY', capacity: '5' }],
    boundToResidence: null,
  };
}

/** Text fields a pending revision proposes, by its change keys: shown in the form instead of the published text. */
const revisedTexts: Record<string, keyof ProfileDraft> = {
  name: 'name',
  carrier: 'carrier',
  description: 'description',
  'address.street': 'street',
  'address.postalCode': 'postalCode',
  'address.city': 'city',
  'address.district': 'district',
  'contact.phone': 'phone',
  'contact.email': 'email',
  'contact.website': 'website',
};

/** The form filled from a facility; plain-text fields of a pending revision show what the provider proposed. */
export function draftOf(facility: FacilityProfileFragment, pending?: readonly { field: string; proposed?: string | null }[] | null): ProfileDraft {
  const draft: ProfileDraft = {
    kind: facility.kind,
    name: facility.name,
    carrier: facility.carrier,
    carrierType: facility.carrierType,
    street: facility.address.street,
    postalCode: facility.address.postalCode,
    city: facility.address.city,
    district: facility.address.district,
    latitude: String(facility.location.latitude),
    longitude: String(facility.location.longitude),
    phone: facility.contact.phone ?? '',
    email: facility.contact.email ?? '',
    website: facility.contact.website ?? '',
    description: facility.description,
    concepts: facility.concepts.join(', '),
    languages: facility.languages.join(', '),
    meals: [...facility.meals],
    accessibility: [...facility.accessibility],
    // Every day as the profile has it (a Saturday, a shorter Friday): saving changes none unasked.
    hours: weekdays.map((weekday) => {
      const day = facility.openingHours.find((entry) => entry.weekday === weekday);
      return day ? { weekday, open: true, opens: day.opens, closes: day.closes } : { weekday, open: false, opens: '', closes: '' };
    }),
    groups: facility.groups.map((group) => ({
      name: group.name,
      fromMonths: String(group.ageRange.fromMonths),
      toMonths: String(group.ageRange.toMonths),
      hoursBand: group.hoursBand,
      capacity: String(group.capacity),
    })),
    boundToResidence: facility.boundToResidence,
  };
  for (const change of pending ?? []) {
    const key = revisedTexts[change.field];
    if (key) (draft as unknown as Record<string, string>)[key] = change.proposed ?? '';
  }
  return draft;
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function inputOf(draft: ProfileDraft): FacilityProfileInput {
  const optional = (text: string) => (text.trim() ? text.trim() : null);
  return {
    kind: draft.kind,
    name: draft.name.trim(),
    carrier: draft.carrier.trim(),
    carrierType: draft.carrierType as FacilityProfileInput['carrierType'],
    address: { street: draft.street.trim(), postalCode: draft.postalCode.trim(), city: draft.city.trim(), district: draft.district.trim() },
    location: { latitude: Number(draft.latitude), longitude: Number(draft.longitude) },
    contact: { phone: optional(draft.phone), email: optional(draft.email), website: optional(draft.website) },
    description: draft.description.trim(),
    concepts: list(draft.concepts),
    languages: list(draft.languages).map((language) => language.toLowerCase()),
    meals: draft.meals as FacilityProfileInput['meals'],
    accessibility: draft.accessibility as FacilityProfileInput['accessibility'],
    openingHours: draft.hours.filter((day) => day.open).map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
    groups: draft.groups.map((group) => ({
      name: group.name.trim(),
      ageRange: { fromMonths: Number(group.fromMonths), toMonths: Number(group.toMonths) },
      hoursBand: group.hoursBand,
      capacity: Number(group.capacity),
    })),
    ...(draft.boundToResidence === null ? {} : { boundToResidence: draft.boundToResidence }),
  };
}

/** Children at once a kind of care takes at most (the profile's groups together). */
export const maxChildrenOf: Partial<Record<FacilityKind, number>> = { KINDERTAGESPFLEGE: 5, GROSSTAGESPFLEGE: 10 };

const whole = (text: string) => /^\d+$/.test(text.trim());

/** Field id → message key (under provider.form.errors) for what the subgraph would refuse anyway. */
export function checkDraft(draft: ProfileDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of ['name', 'carrier', 'street', 'city', 'district'] as const) if (!draft[field].trim()) errors[field] = 'required';
  if (!/^\d{5}$/.test(draft.postalCode.trim())) errors.postalCode = 'postalCode';
  const latitude = Number(draft.latitude);
  const longitude = Number(draft.longitude);
  if (!draft.latitude.trim() || !(latitude >= 47 && latitude <= 55.1)) errors.latitude = 'latitude';
  if (!draft.longitude.trim() || !(longitude >= 5.8 && longitude <= 15.1)) errors.longitude = 'longitude';
  if (draft.phone.trim() && !/^[0-9 +()/-]+$/.test(draft.phone.trim())) errors.phone = 'phone';
  if (draft.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) errors.email = 'email';
  if (draft.website.trim() && !/^https?:\/\/\S+$/.test(draft.website.trim())) errors.website = 'website';
  if (draft.description.length > 2000) errors.description = 'description';
  if (list(draft.languages).some((language) => !/^[a-zA-Z]{2}$/.test(language))) errors.languages = 'languages';
  for (const day of draft.hours.filter((candidate) => candidate.open)) {
    if (!day.opens) errors[`hours-${day.weekday}-opens`] = 'required';
    if (!day.closes) errors[`hours-${day.weekday}-closes`] = 'required';
    else if (day.opens && day.closes <= day.opens) errors[`hours-${day.weekday}-closes`] = 'closes';
  }
  if (draft.groups.length === 0) errors.groups = 'noGroups';
  draft.groups.forEach((group, index) => {
    if (!group.name.trim()) errors[`group-${index}-name`] = 'required';
    if (!whole(group.fromMonths) || Number(group.fromMonths) > 215) errors[`group-${index}-fromMonths`] = 'fromMonths';
    if (!whole(group.toMonths) || Number(group.toMonths) <= Number(group.fromMonths) || Number(group.toMonths) > 216)
      errors[`group-${index}-toMonths`] = 'toMonths';
    if (!whole(group.capacity) || Number(group.capacity) < 1 || Number(group.capacity) > 200) errors[`group-${index}-capacity`] = 'capacity';
  });
  const max = maxChildrenOf[draft.kind];
  const total = draft.groups.reduce((sum, group) => sum + (whole(group.capacity) ? Number(group.capacity) : 0), 0);
  if (max !== undefined && total > max && !errors.groups) errors.groups = 'tooManyChildren';
  return errors;
}

/** The form field a refused argument names (input.address.postalCode → postalCode, input.groups[1].capacity → group-1-capacity). */
export function fieldOfArgument(argument: string | undefined): string | undefined {
  if (!argument) return undefined;
  const path = argument.replace(/^input\./, '');
  const group = /^groups\[(\d+)\]\.(?:ageRange\.)?(\w+)/.exec(path);
  if (group) return `group-${group[1]}-${group[2]}`;
  if (path.startsWith('groups')) return 'groups';
  if (path.startsWith('openingHours')) return 'hours';
  if (path.startsWith('location')) return 'latitude';
  if (path.startsWith('languages')) return 'languages';
  const last = path.split('.').pop();
  return last;
}
