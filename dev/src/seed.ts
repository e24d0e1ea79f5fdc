import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessibilityFeature, CarrierType, FacilityEntity, FacilityGroupEntity, FacilityHoursBand, FacilityKind, Meal, PublicationStatus } from '@kita/facility';
import { ReservationEntity, ReservationStatus } from '@kita/reservation';
import { newLocalId, type MunicipalityKey } from '@kita/shared';
import { HoursBand, recordVacancies, VacancyEntity } from '@kita/vacancy';
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
  options: { facilities?: number; today?: Date } = {},
): Promise<SeedSummary> {
  const today = options.today ?? new Date();
  const data = demoData(municipality, { facilities: options.facilities, today });
  const facilityIds = data.facilities.map(() => newLocalId());
  const day = today.toISOString().slice(0, 10);
  await targets.facility.insertMany(
    FacilityEntity,
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
  );
  await targets.facility.insertMany(
    FacilityGroupEntity,
    data.facilities.flatMap((facility, index) => groupsOf(facility).map((group) => Object.assign(new FacilityGroupEntity(), { facilityId: facilityIds[index], ...group }))),
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
    await targets.reservation.insertMany(
      ReservationEntity,
      data.reservations.map((reservation) =>
        Object.assign(new ReservationEntity(), {
          facilityId: facilityIds[reservation.facilityIndex],
          childBirthDate: reservation.childBirthDate,
          wishedStart: reservation.wishedStart,
          hoursPerWeek: reservation.hoursPerWeek,
          status: reservation.status as ReservationStatus,
          parentSubject: reservation.parentSubject,
          createdAt: new Date(reservation.createdAt),
        }),
      ),
    );
  }
  return { facilities: data.facilities.length, vacancies: data.vacancies.length, reservations: data.reservations.length };
}

type DemoFacility = ReturnType<typeof demoData>['facilities'][number];

const conceptPool = ['Montessori', 'Waldpädagogik', 'situationsorientiert', 'Reggio', 'bilingual', 'Bewegung', 'Natur', 'offene Arbeit', 'inklusiv', 'musikalisch'];
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
    profile.permitValidUntil = addYears(issued, 5, -1);
    profile.permitMaxChildren = facility.kind === FacilityKind.KINDERTAGESPFLEGE ? 5 : facility.capacity > 8 ? 10 : 8;
  }
  return profile;
}

function addYears(day: string, years: number, days = 0): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Groups whose ages and capacities add up to the facility's summary columns. */
function groupsOf(facility: DemoFacility): Array<Pick<FacilityGroupEntity, 'name' | 'ageFromMonths' | 'ageToMonths' | 'hoursBand' | 'capacity'>> {
  if (facility.kind !== FacilityKind.KINDERTAGESSTAETTE) {
    return [{ name: 'Tagespflegegruppe', ageFromMonths: facility.ageFromMonths, ageToMonths: facility.ageToMonths, hoursBand: FacilityHoursBand.THREE_QUARTER, capacity: facility.capacity }];
  }
  const names: Record<string, string> = { '0-36': 'Krippe', '36-72': 'Kindergarten', '72-144': 'Hort' };
  if (facility.ageFromMonths < 36 && facility.ageToMonths > 36) {
    const krippe = Math.max(1, Math.round(facility.capacity / 3));
    return [
      { name: 'Krippe', ageFromMonths: facility.ageFromMonths, ageToMonths: 36, hoursBand: FacilityHoursBand.FULL_DAY, capacity: krippe },
      { name: 'Kindergarten', ageFromMonths: 36, ageToMonths: facility.ageToMonths, hoursBand: FacilityHoursBand.FULL_DAY, capacity: facility.capacity - krippe },
    ];
  }
  const name = names[`${facility.ageFromMonths}-${facility.ageToMonths}`] ?? 'Gruppe';
  return [{ name, ageFromMonths: facility.ageFromMonths, ageToMonths: facility.ageToMonths, hoursBand: FacilityHoursBand.FULL_DAY, capacity: facility.capacity }];
}
