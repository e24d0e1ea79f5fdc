import { type BackgroundJob, type InstanceContext, type MunicipalityKey, type OutboxEvent, startPeerConsumer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HoursBand } from '../vacancy/vacancy.entity.js';
import { VacancyService } from '../vacancy/vacancy.service.js';
import { PlacementEntity } from './placement.entity.js';

/** `ChildPlaced` as the reservation subgraph records it (see its placement/child-placed.events.ts). */
interface ChildPlacedPayload {
  reservationId: string;
  facilityId: string;
  ageAtStartMonths: number;
  hoursBand: HoursBand;
  wishedStart: string;
}

/**
 * Takes one place of the facility for each `ChildPlaced` of this municipality, through
 * `VacancyService.takePlace` (so the vacancy's own events are recorded in this transaction).
 * Idempotent: the reservation's ID goes into `placement` first; one already there is skipped.
 */
export function applyReservationEvents(municipality: MunicipalityKey) {
  return async (em: EntityManager, events: OutboxEvent[]): Promise<void> => {
    for (const event of events) {
      if (event.type !== 'ChildPlaced') continue;
      const placed = event.payload as ChildPlacedPayload;
      const [inserted] = await em.execute<Array<{ reservation_id: string }>>(
        `insert into placement (reservation_id, facility_id, applied_at) values (?, ?, now()) on conflict (reservation_id) do nothing returning reservation_id`,
        [placed.reservationId, placed.facilityId],
      );
      if (!inserted) continue;
      const vacancy = await new VacancyService(em, municipality).takePlace(placed.facilityId, placed.ageAtStartMonths, placed.hoursBand, placed.wishedStart);
      if (vacancy) await em.nativeUpdate(PlacementEntity, { reservationId: placed.reservationId }, { vacancyId: vacancy });
    }
  };
}

/** Keeps vacancies current with the places this municipality's reservation subgraph gives away. */
export function startPlacementConsumer(instance: InstanceContext): BackgroundJob | undefined {
  return startPeerConsumer(instance, { consumer: 'vacancy', source: 'reservation', apply: applyReservationEvents(instance.municipality) });
}
