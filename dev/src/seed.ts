import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity, FacilityKind, PublicationStatus } from '@kita/facility';
import { ReservationEntity, ReservationStatus } from '@kita/reservation';
import { newLocalId, type MunicipalityKey } from '@kita/shared';
import { HoursBand, VacancyEntity } from '@kita/vacancy';
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
  const data = demoData(municipality, { facilities: options.facilities, today: options.today ?? new Date() });
  const facilityIds = data.facilities.map(() => newLocalId());
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
      }),
    ),
  );
  if (data.vacancies.length) {
    await targets.vacancy.insertMany(
      VacancyEntity,
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
