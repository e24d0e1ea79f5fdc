import { badInput, clientError, ErrorCode, formatId, localIdIn, type MunicipalityKey, recordEvents, today, type Viewer } from '@kita/shared';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notManager, requireSignedIn, requireVacancyManager } from './vacancy.access.js';
import { currentOn, HoursBand, VacancyEntity } from './vacancy.entity.js';

/** Bands from the fewest hours to the most: a band covers every band before it. */
const hoursBands: HoursBand[] = [HoursBand.HALF_DAY, HoursBand.THREE_QUARTER, HoursBand.FULL_DAY];

import { vacancyPublished, vacancyRemoved } from './vacancy.events.js';
import { maxUpcomingPageSize, type VacancyInput, validateVacancyInput } from './vacancy.input.js';

export const maxRemovalsPerRequest = 100;

/** Publishing, withdrawing and listing the free places of one municipality. */
export class VacancyService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** The local part of a global ID that must belong to this municipality. */
  localIdOf(id: string, argument: string): string {
    return localIdIn(this.municipality, id, argument);
  }

  async add(viewer: Viewer, facilityId: string, input: VacancyInput): Promise<VacancyEntity> {
    requireSignedIn(viewer);
    const localFacilityId = this.localIdOf(facilityId, 'facilityId');
    await requireVacancyManager(this.em, viewer, [localFacilityId], this.municipality);
    validateVacancyInput(input, today());
    // Whether the facility exists is known only to the facility subgraph, whose database this
    // one never reads. A provider is a member only of facilities that exist (their events say
    // so), so it cannot reach an unknown one; the office can, by mistake. Checking it here needs
    // the facility facts, which this subgraph does not project (only their members).
    const row = Object.assign(new VacancyEntity(), {
      facilityId: localFacilityId,
      places: input.places,
      ageFromMonths: input.ageRange.fromMonths,
      ageToMonths: input.ageRange.toMonths,
      hoursBand: input.hoursBand,
      availableFrom: input.availableFrom,
      availableUntil: input.availableUntil ?? null,
    });
    return this.em.transactional(async (em) => {
      await recordEvents(em, [vacancyPublished(row)]);
      em.persist(row);
      return row;
    });
  }

  /**
   * Replaces a vacancy's places, bands and dates at once (`VacancyPublished` carries the whole
   * new vacancy). An unknown ID is NOT_FOUND, except for a provider: it manages only vacancies of
   * its own facilities, so it gets FORBIDDEN and learns nothing about which IDs exist.
   */
  async update(viewer: Viewer, id: string, input: VacancyInput): Promise<VacancyEntity> {
    requireSignedIn(viewer);
    const localId = this.localIdOf(id, 'id');
    validateVacancyInput(input, today());
    return this.em.transactional(async (em) => {
      // Locked so that a place taken by an accepted reservation at the same moment is not overwritten unseen.
      const row = await em.findOne(VacancyEntity, { id: localId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) {
        if (viewer.role === 'provider') throw notManager(this.municipality);
        throw clientError(ErrorCode.NotFound, 'No vacancy with this ID in this municipality.', { argument: 'id' });
      }
      await requireVacancyManager(em, viewer, [row.facilityId], this.municipality);
      Object.assign(row, {
        places: input.places,
        ageFromMonths: input.ageRange.fromMonths,
        ageToMonths: input.ageRange.toMonths,
        hoursBand: input.hoursBand,
        availableFrom: input.availableFrom,
        availableUntil: input.availableUntil ?? null,
      });
      await recordEvents(em, [vacancyPublished(row)]);
      return row;
    });
  }

  /** Removes all of `ids` or, when one is unknown or not the viewer's to remove, none. */
  async remove(viewer: Viewer, ids: string[]): Promise<string[]> {
    requireSignedIn(viewer);
    if (ids.length > maxRemovalsPerRequest) {
      throw badInput(`"ids" may list at most ${maxRemovalsPerRequest} vacancies.`, { argument: 'ids' });
    }
    const localIds = [...new Set(ids.map((id, index) => this.localIdOf(id, `ids[${index}]`)))];
    if (localIds.length === 0) return [];
    return this.em.transactional(async (em) => {
      // Locked so that a concurrent removal cannot make this one report rows it did not remove.
      const rows = await em.find(VacancyEntity, { id: { $in: localIds } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const found = new Set(rows.map((row) => row.id));
      const missing = localIds.filter((id) => !found.has(id)).map((id) => formatId(this.municipality, id));
      if (missing.length > 0) {
        throw clientError(ErrorCode.NotFound, `No vacancy ${missing.join(', ')}; nothing was removed.`, { argument: 'ids', ids: missing });
      }
      await requireVacancyManager(
        em,
        viewer,
        rows.map((row) => row.facilityId),
        this.municipality,
      );
      await recordEvents(em, rows.map(vacancyRemoved));
      em.remove(rows);
      return localIds.map((id) => formatId(this.municipality, id));
    });
  }

  /**
   * A child was placed at the facility (`ChildPlaced`): one place less in its best matching
   * current vacancy (age band contains the age, band covers the hours; the earliest that is
   * available on the wished start, else the earliest at all), removed at 0, with its events recorded in
   * the same transaction. Returns the vacancy's ID, or null when no vacancy matched.
   */
  async takePlace(localFacilityId: string, ageMonths: number, hoursBand: HoursBand, wishedStart: string): Promise<string | null> {
    return this.em.transactional(async (em) => {
      const covering = hoursBands.slice(Math.max(hoursBands.indexOf(hoursBand), 0));
      const candidates = await em.find(
        VacancyEntity,
        {
          $and: [
            currentOn(today()),
            { facilityId: localFacilityId, ageFromMonths: { $lte: ageMonths }, ageToMonths: { $gt: ageMonths }, hoursBand: { $in: covering } },
          ],
        },
        { orderBy: { availableFrom: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (candidates.length === 0) return null;
      const row =
        candidates.find(
          (candidate) => candidate.availableFrom <= wishedStart && (candidate.availableUntil === null || candidate.availableUntil >= wishedStart),
        ) ?? candidates[0];
      row.places -= 1;
      if (row.places <= 0) {
        await recordEvents(em, [vacancyRemoved(row)]);
        em.remove(row);
      } else {
        await recordEvents(em, [vacancyPublished(row)]);
      }
      return row.id;
    });
  }

  /** Current vacancies available from `from` on, earliest first, then by ID. */
  async upcoming(from: string | null | undefined, first: number): Promise<VacancyEntity[]> {
    const conditions: FilterQuery<VacancyEntity>[] = [currentOn(today())];
    if (from) conditions.push({ availableFrom: { $gte: from } });
    return this.em.find(VacancyEntity, { $and: conditions }, { orderBy: { availableFrom: 'asc', id: 'asc' }, limit: first });
  }
}

/** `first` may be an explicit null (the argument is nullable with a default). */
export function requireUpcomingPageSize(first: number | null): asserts first is number {
  if (first === null || !Number.isInteger(first) || first < 1 || first > maxUpcomingPageSize) {
    throw badInput(`"first" must be between 1 and ${maxUpcomingPageSize}.`, { argument: 'first' });
  }
}
