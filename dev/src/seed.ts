import { createHash } from 'node:crypto';
import {
  AccessibilityFeature,
  CarrierType,
  FacilityEntity,
  FacilityGroupEntity,
  FacilityHoursBand,
  FacilityKind,
  FacilityMemberEntity,
  FacilityMemberRole,
  Meal,
  PublicationStatus,
  recordFacilities,
} from '@kita/facility';
import {
  childPseudonym,
  developmentPseudonymKey,
  type GuardianRecord,
  insertSnapshotRows,
  openStatuses,
  placedElsewhereStep,
  ReservationActorRole,
  ReservationEntity,
  ReservationPartEntity,
  ReservationStatus,
  ReservationTransitionEntity,
} from '@kita/reservation';
import { addDays, addYears, hoursBandOf, type MunicipalityKey, newLocalId } from '@kita/shared';
import { HoursBand, recordVacancies, VacancyEntity } from '@kita/vacancy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { demoData } from './demo-data.js';

export interface SeedTargets {
  facility: EntityManager;
  vacancy: EntityManager;
  reservation: EntityManager;
}

export interface SeedSummary {
  facilities: number;
  vacancies: number;
  reservations: number;
}

/** True when the municipality's facility database has no rows yet (first start). */
export async function needsSeed(facilityEm: EntityManager): Promise<boolean> {
  return (await facilityEm.count(FacilityEntity, {})) === 0;
}

/**
 * Writes one municipality's demo data into its three databases, each through its own
 * subgraph's ORM, the way the subgraphs would have recorded it.
 */
export async function seedMunicipality(
  municipality: MunicipalityKey,
  targets: SeedTargets,
  options: { facilities?: number; today?: Date; pseudonymKey?: string } = {},
): Promise<SeedSummary> {
  const today = options.today ?? new Date();
  const data = demoData(municipality, { facilities: options.facilities, today });
  const facilityIds = data.facilities.map(() => newLocalId());
  const day = today.toISOString().slice(0, 10);
  // Through the outbox, so that the reservation subgraph's projection of facility facts, and the
  // vacancy and reservation subgraphs' projections of their members, learn of them.
  await recordFacilities(
    targets.facility,
    data.facilities.map((facility, index) =>
      Object.assign(new FacilityEntity(), {
        id: facilityIds[index],
        kind: facility.kind as FacilityKind,
        name: facility.name,
        carrier: facility.carrier,
        street: facility.street,
        postalCode: facility.postalCode,
        city: facility.city,
        district: facility.district,
        latitude: facility.latitude,
        longitude: facility.longitude,
        ageFromMonths: facility.ageFromMonths,
        ageToMonths: facility.ageToMonths,
        capacity: facility.capacity,
        openingHours: facility.openingHours,
        status: facility.status as PublicationStatus,
        ...profileOf(facility, index, municipality, day),
      }),
    ),
    data.facilities.flatMap((facility, index) =>
      groupsOf(facility).map((group) => Object.assign(new FacilityGroupEntity(), { facilityId: facilityIds[index], ...group })),
    ),
    demoMemberships(municipality, data.facilities, facilityIds, today),
  );
  if (data.vacancies.length) {
    // Through the outbox, so that the facility subgraph's free-place projection learns of them.
    await recordVacancies(
      targets.vacancy,
      data.vacancies.map((vacancy) =>
        Object.assign(new VacancyEntity(), {
          facilityId: facilityIds[vacancy.facilityIndex],
          places: vacancy.places,
          ageFromMonths: vacancy.ageFromMonths,
          ageToMonths: vacancy.ageToMonths,
          hoursBand: vacancy.hoursBand as HoursBand,
          availableFrom: vacancy.availableFrom,
          availableUntil: vacancy.availableUntil,
        }),
      ),
    );
  }
  if (data.reservations.length) {
    await seedReservations(targets.reservation, municipality, data, facilityIds, options.pseudonymKey ?? developmentPseudonymKey, today);
  }
  await seedStatisticsHistory(targets.reservation, data, today);
  return { facilities: data.facilities.length, vacancies: data.vacancies.length, reservations: data.reservations.length };
}

/** Days of history `npm start` seeds (the dashboard shows the last 12 months). */
export const historyDays = 365;

type HistoryBucket = Parameters<typeof insertSnapshotRows>[2][number];

const ageGroupOf = (months: number) => (months < 36 ? 'KRIPPE' : months < 72 ? 'KINDERGARTEN' : 'SCHOOL_AGE');
const monthsBetween = (from: string, to: string) => {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
};

/**
 * Today's supply-and-demand buckets of the demo data, counted as the reservation subgraph counts
 * them (published facilities' groups, free places not expired, each child once: its accepted
 * place, else its first open choice).
 */
export function demoBuckets(data: ReturnType<typeof demoData>, day: string): HistoryBucket[] {
  const buckets = new Map<string, HistoryBucket>();
  const bucket = (district: string, kind: string, ageGroup: string, hoursBand: string) => {
    const id = [district, kind, ageGroup, hoursBand].join('|');
    let found = buckets.get(id);
    if (!found) {
      found = { district, kind, ageGroup, hoursBand, capacity: 0, freePlaces: 0, children: 0, waiting: 0, placed: 0 };
      buckets.set(id, found);
    }
    return found;
  };
  const published = (index: number) => data.facilities[index]?.status === PublicationStatus.PUBLISHED;
  data.facilities.forEach((facility, index) => {
    if (!published(index)) return;
    for (const group of groupsOf(facility))
      bucket(facility.district, facility.kind, ageGroupOf(group.ageFromMonths), group.hoursBand).capacity += group.capacity;
  });
  for (const vacancy of data.vacancies) {
    if (!published(vacancy.facilityIndex) || (vacancy.availableUntil !== null && vacancy.availableUntil < day)) continue;
    const facility = data.facilities[vacancy.facilityIndex];
    bucket(facility.district, facility.kind, ageGroupOf(vacancy.ageFromMonths), vacancy.hoursBand).freePlaces += vacancy.places;
  }
  const children = new Map<string, (typeof data.reservations)[number]>();
  for (const reservation of [...data.reservations].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const open = (openStatuses as readonly string[]).includes(reservation.status);
    if (!open && reservation.status !== ReservationStatus.ACCEPTED) continue;
    const child = `${reservation.parentSubject}|${reservation.childBirthDate}`;
    const held = children.get(child);
    if (!held || (reservation.status === ReservationStatus.ACCEPTED && held.status !== ReservationStatus.ACCEPTED)) children.set(child, reservation);
  }
  for (const reservation of children.values()) {
    const facility = data.facilities[reservation.facilityIndex];
    const counted = bucket(
      facility.district,
      facility.kind,
      ageGroupOf(monthsBetween(reservation.childBirthDate, reservation.wishedStart)),
      hoursBandOf(reservation.hoursPerWeek),
    );
    counted.children += 1;
    if (reservation.status === ReservationStatus.ACCEPTED) counted.placed += 1;
    else counted.waiting += 1;
  }
  return [...buckets.values()];
}

/**
 * A year of daily snapshots before today, derived from today's demo buckets: demand grows towards
 * the allocation in spring and falls in August when the Kita year starts; free places move the
 * other way; capacity grows a little over the year. Counts only, deterministic. Today's snapshot is
 * the snapshot job's.
 */
export async function seedStatisticsHistory(em: EntityManager, data: ReturnType<typeof demoData>, today: Date): Promise<number> {
  const day = today.toISOString().slice(0, 10);
  const now = demoBuckets(data, day);
  if (now.length === 0) return 0;
  for (let ago = historyDays; ago >= 1; ago--) {
    const past = addDays(day, -ago);
    const month = Number(past.slice(5, 7));
    // Kita year: from August demand builds up; placements rise after the allocation in February.
    const season = ((month + 4) % 12) / 11; // August 0 … July 1
    const demand = 0.55 + 0.45 * season + 0.04 * Math.sin(ago / 5);
    const placedShare = Math.max(0, Math.min(1, (season - 0.45) * 1.6));
    const supply = 1.35 - 0.55 * season + 0.05 * Math.cos(ago / 7);
    const growth = 1 - (0.06 * ago) / historyDays;
    const rows = now.map((bucket) => {
      const waiting = Math.round(bucket.waiting * demand * growth);
      const placed = Math.round((bucket.placed + bucket.waiting * 0.4) * placedShare * growth);
      return {
        ...bucket,
        capacity: Math.round(bucket.capacity * growth),
        freePlaces: Math.round(bucket.freePlaces * supply),
        waiting,
        placed,
        children: waiting + placed,
      };
    });
    await insertSnapshotRows(em, past, rows);
  }
  return historyDays;
}

type DemoFacility = ReturnType<typeof demoData>['facilities'][number];

/**
 * The demo provider logins (dev/src/login/accounts.ts) and what they own: a Kita carrier in
 * Hansestadt Lüneburg and a Tagespflegeperson in Landkreis Lüneburg, each the owner of the first
 * few facilities of its kinds in its municipality, so that the login manages them (profile,
 * photos, free places, their Vormerkungen) like a provider who registered them.
 */
const demoProviders: Record<string, { subject: string; kinds: FacilityKind[]; facilities: number }> = {
  '03355022': { subject: 'demo-provider-03355022', kinds: [FacilityKind.KINDERTAGESSTAETTE], facilities: 3 },
  '03355': { subject: 'demo-provider-03355', kinds: [FacilityKind.KINDERTAGESPFLEGE, FacilityKind.GROSSTAGESPFLEGE], facilities: 3 },
};

function demoMemberships(municipality: MunicipalityKey, facilities: DemoFacility[], facilityIds: string[], today: Date): FacilityMemberEntity[] {
  const provider = demoProviders[municipality];
  if (!provider) return [];
  return facilities
    .map((facility, index) => ({ facility, id: facilityIds[index] }))
    .filter(({ facility }) => provider.kinds.includes(facility.kind as FacilityKind))
    .slice(0, provider.facilities)
    .map(({ id }) =>
      Object.assign(new FacilityMemberEntity(), {
        facilityId: id,
        subject: provider.subject,
        role: FacilityMemberRole.OWNER,
        addedBy: provider.subject,
        addedAt: today,
      }),
    );
}

const conceptPool = [
  'Montessori',
  'Waldpädagogik',
  'situationsorientiert',
  'Reggio',
  'bilingual',
  'Bewegung',
  'Natur',
  'offene Arbeit',
  'inklusiv',
  'musikalisch',
];
const languagePool = [['de'], ['de', 'en'], ['de', 'tr'], ['de', 'pl'], ['de', 'ar'], ['de', 'ru'], ['de', 'en', 'fr']];

/** Deterministic profile details the demo data does not carry: picked by the facility's position. */
function profileOf(facility: DemoFacility, index: number, municipality: string, day: string): Partial<FacilityEntity> {
  const kita = facility.kind === FacilityKind.KINDERTAGESSTAETTE;
  const profile: Partial<FacilityEntity> = {
    carrierType: facility.carrierType as CarrierType,
    phone: `04131 ${String(100000 + ((index * 7919) % 900000))}`,
    email: `kontakt-${index + 1}@${kita ? 'kita' : 'tagespflege'}.example`,
    description: kita
      ? `${facility.name} im Stadtteil ${facility.district}: ${facility.capacity} Plätze, Betreuung von ${facility.ageFromMonths} bis ${facility.ageToMonths} Monaten.`
      : `Familiennahe Betreuung in kleiner Gruppe in ${facility.district}.`,
    concepts: [conceptPool[index % conceptPool.length], ...(index % 3 === 0 ? [conceptPool[(index + 4) % conceptPool.length]] : [])],
    languages: languagePool[index % languagePool.length],
    meals: kita ? [Meal.OWN_KITCHEN, ...(index % 2 ? [Meal.ORGANIC] : []), Meal.VEGETARIAN_OPTION] : [Meal.BROUGHT_FROM_HOME],
    accessibility: kita && index % 3 !== 1 ? [AccessibilityFeature.STEP_FREE_ENTRANCE, ...(index % 2 ? [AccessibilityFeature.WHEELCHAIR_ACCESSIBLE] : [])] : [],
    boundToResidence: kita,
  };
  if (!kita) {
    // A Pflegeerlaubnis valid today, issued up to four years ago, for at most five years.
    const issued = addYears(day, -(index % 4));
    profile.permitNumber = `PE-${municipality}-${String(index + 1).padStart(4, '0')}`;
    profile.permitIssuedOn = issued;
    profile.permitValidUntil = addDays(addYears(issued, 5), -1);
    profile.permitMaxChildren = facility.kind === FacilityKind.KINDERTAGESPFLEGE ? 5 : facility.capacity > 8 ? 10 : 8;
  }
  return profile;
}

/** Groups whose ages and capacities add up to the facility's summary columns. */
function groupsOf(facility: DemoFacility): Array<Pick<FacilityGroupEntity, 'name' | 'ageFromMonths' | 'ageToMonths' | 'hoursBand' | 'capacity'>> {
  if (facility.kind !== FacilityKind.KINDERTAGESSTAETTE) {
    return [
      {
        name: 'Tagespflegegruppe',
        ageFromMonths: facility.ageFromMonths,
        ageToMonths: facility.ageToMonths,
        hoursBand: FacilityHoursBand.THREE_QUARTER,
        capacity: facility.capacity,
      },
    ];
  }
  const names: Record<string, string> = { '0-36': 'Krippe', '36-72': 'Kindergarten', '72-144': 'Hort' };
  if (facility.ageFromMonths < 36 && facility.ageToMonths > 36) {
    const krippe = Math.max(1, Math.round(facility.capacity / 3));
    return [
      { name: 'Krippe', ageFromMonths: facility.ageFromMonths, ageToMonths: 36, hoursBand: FacilityHoursBand.FULL_DAY, capacity: krippe },
      {
        name: 'Kindergarten',
        ageFromMonths: 36,
        ageToMonths: facility.ageToMonths,
        hoursBand: FacilityHoursBand.FULL_DAY,
        capacity: facility.capacity - krippe,
      },
    ];
  }
  const name = names[`${facility.ageFromMonths}-${facility.ageToMonths}`] ?? 'Gruppe';
  return [
    { name, ageFromMonths: facility.ageFromMonths, ageToMonths: facility.ageToMonths, hoursBand: FacilityHoursBand.FULL_DAY, capacity: facility.capacity },
  ];
}

// ---------------------------------------------------------------------------------------------
// Reservations: the demo data's choices grouped into parts with a child and a guardian
// ---------------------------------------------------------------------------------------------

const childFirstNames = [
  'Mila',
  'Noah',
  'Emilia',
  'Matteo',
  'Lina',
  'Elias',
  'Ella',
  'Leon',
  'Mia',
  'Finn',
  'Lea',
  'Paul',
  'Clara',
  'Emil',
  'Ida',
  'Ben',
  'Frieda',
  'Anton',
  'Lotta',
  'Jonas',
];
const guardianFirstNames = ['Anna', 'Jan', 'Sarah', 'Tobias', 'Julia', 'Mehmet', 'Katarzyna', 'Lars', 'Aylin', 'Stefan', 'Olga', 'Thomas'];
const lastNames = ['Müller', 'Schröder', 'Yılmaz', 'Nowak', 'Meyer', 'Hoffmann', 'Peters', 'Koch', 'Becker', 'Wagner', 'Şahin', 'Krüger', 'Lange', 'Schulz'];

/** The demo family of a parent account: the same names wherever it reserves, so its child's pseudonym is the same in every municipality. */
function demoFamily(parentSubject: string): { child: { firstName: string; lastName: string }; guardian: { firstName: string; email: string; phone: string } } {
  const number = Number(/(\d+)$/.exec(parentSubject)?.[1] ?? 0);
  const lastName = lastNames[(number * 7) % lastNames.length];
  return {
    child: { firstName: childFirstNames[number % childFirstNames.length], lastName },
    guardian: {
      firstName: guardianFirstNames[(number * 5) % guardianFirstNames.length],
      email: `${parentSubject}@example.org`,
      phone: `0151 ${String(2_000_000 + number * 7_919).padStart(7, '0')}`,
    },
  };
}

/** A stable UUID from text (the demo applicationKey of a family's wish, the same in every municipality). */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const hour = 60 * 60 * 1000;

/**
 * One part per family and wish (wished start and hours) in this municipality, its choices ranked by
 * when they were made, each with the history that leads to its status. The guardian lives in this
 * municipality (the demo data does not model a household's one address), so the residence rule holds.
 */
async function seedReservations(
  em: EntityManager,
  municipality: MunicipalityKey,
  data: ReturnType<typeof demoData>,
  facilityIds: string[],
  pseudonymKey: string,
  today: Date,
): Promise<void> {
  const groups = new Map<string, typeof data.reservations>();
  for (const reservation of data.reservations) {
    const key = `${reservation.parentSubject}|${reservation.wishedStart}|${reservation.hoursPerWeek}`;
    groups.set(key, [...(groups.get(key) ?? []), reservation]);
  }
  const parts: ReservationPartEntity[] = [];
  const choices: ReservationEntity[] = [];
  const transitions: ReservationTransitionEntity[] = [];
  const offerDeadline = new Date(today.getTime() + 14 * 24 * hour).toISOString().slice(0, 10);
  for (const [key, reservations] of groups) {
    const ranked = [...reservations].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const first = ranked[0];
    const family = demoFamily(first.parentSubject);
    const facility = data.facilities[first.facilityIndex];
    const guardian: GuardianRecord = {
      firstName: family.guardian.firstName,
      lastName: family.child.lastName,
      email: family.guardian.email,
      phone: family.guardian.phone,
      street: `Musterweg ${1 + (Number(/(\d+)$/.exec(first.parentSubject)?.[1] ?? 0) % 90)}`,
      postalCode: facility.postalCode,
      city: facility.city,
      residenceMunicipality: municipality,
    };
    const createdAt = new Date(first.createdAt);
    const part = Object.assign(new ReservationPartEntity(), {
      applicationKey: uuidFrom(`demo-application:${key}`),
      parentSubject: first.parentSubject,
      childFirstName: family.child.firstName,
      childLastName: family.child.lastName,
      childBirthDate: first.childBirthDate,
      childBirthYear: Number(first.childBirthDate.slice(0, 4)),
      childPseudonym: childPseudonym(pseudonymKey, { ...family.child, birthDate: first.childBirthDate }),
      guardians: [guardian],
      wishedStart: first.wishedStart,
      hoursPerWeek: first.hoursPerWeek,
      hoursBand: hoursBandOf(first.hoursPerWeek),
      kindsOfCare: [...new Set(ranked.map((reservation) => data.facilities[reservation.facilityIndex].kind))],
      submittedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    });
    parts.push(part);
    ranked.forEach((reservation, index) => {
      const status = reservation.status as ReservationStatus;
      // Open offers run two weeks from today; answered ones ran two weeks from when they were made.
      const deadline =
        status === ReservationStatus.OFFERED ? offerDeadline : new Date(new Date(reservation.createdAt).getTime() + 14 * 24 * hour).toISOString().slice(0, 10);
      const choice = Object.assign(new ReservationEntity(), {
        facilityId: facilityIds[reservation.facilityIndex],
        partId: part.id,
        rank: index + 1,
        childBirthDate: reservation.childBirthDate,
        wishedStart: reservation.wishedStart,
        hoursPerWeek: reservation.hoursPerWeek,
        status,
        parentSubject: reservation.parentSubject,
        createdAt: new Date(reservation.createdAt),
        offerDeadline: [ReservationStatus.OFFERED, ReservationStatus.ACCEPTED, ReservationStatus.DECLINED].includes(status) ? deadline : null,
      });
      const path = demoPath(status);
      let at = choice.createdAt.getTime();
      let from: ReservationStatus | null = ReservationStatus.DRAFT;
      for (const [step, to] of path.entries()) {
        // Withdrawn because the child took a place: by the system, as the placed-elsewhere step would.
        const bySystem = to === ReservationStatus.WITHDRAWN && reservation.placedElsewhere === true;
        const byParent = !bySystem && (to === ReservationStatus.SUBMITTED || to === ReservationStatus.WITHDRAWN);
        at += step === 0 ? 0 : hour;
        transitions.push(
          Object.assign(new ReservationTransitionEntity(), {
            reservationId: choice.id,
            fromStatus: from,
            toStatus: to,
            step: bySystem ? placedElsewhereStep : null,
            actorSubject: bySystem ? 'system' : byParent ? reservation.parentSubject : `demo-office-${municipality}`,
            actorRole: bySystem ? ReservationActorRole.SYSTEM : byParent ? ReservationActorRole.PARENT : ReservationActorRole.OFFICE,
            offerDeadline: to === ReservationStatus.OFFERED ? deadline : null,
            reason: to === ReservationStatus.DECLINED ? 'Die Familie hat einen anderen Platz gefunden.' : null,
            at: new Date(at),
          }),
        );
        from = to;
      }
      choice.statusChangedAt = new Date(at);
      choices.push(choice);
    });
  }
  await em.transactional(async (tx) => {
    await tx.insertMany(ReservationPartEntity, parts);
    await tx.insertMany(ReservationEntity, choices);
    await tx.insertMany(ReservationTransitionEntity, transitions);
  });
}

/** The steps from submission to a demo status. */
function demoPath(status: ReservationStatus): ReservationStatus[] {
  const { SUBMITTED, IN_REVIEW, OFFERED } = ReservationStatus;
  switch (status) {
    case ReservationStatus.IN_REVIEW:
      return [SUBMITTED, IN_REVIEW];
    case ReservationStatus.OFFERED:
      return [SUBMITTED, IN_REVIEW, OFFERED];
    case ReservationStatus.ACCEPTED:
    case ReservationStatus.DECLINED:
    case ReservationStatus.LAPSED:
      return [SUBMITTED, IN_REVIEW, OFFERED, status];
    case ReservationStatus.WITHDRAWN:
      return [SUBMITTED, status];
    default:
      return [SUBMITTED];
  }
}
