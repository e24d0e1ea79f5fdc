import type { EntityManager } from '@mikro-orm/postgresql';

/** An event of the vacancy subgraph's outbox (see VacancyEventType in @kita/vacancy). */
export interface VacancyEvent {
  seq: number | string;
  type: string;
  aggregateId: string;
  payload: unknown;
}

interface VacancySnapshot {
  id: string;
  facilityId: string;
  places: number;
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: string;
  availableFrom: string;
  availableUntil: string | null;
}

/**
 * Applies vacancy events to `free_place`, idempotently: a row only ever moves forward in
 * outbox order (`event_seq`), so a redelivered or older event changes nothing. Unknown event
 * types are skipped (the owner may add types before the consumer knows them).
 */
export async function applyVacancyEvents(em: EntityManager, events: VacancyEvent[]): Promise<void> {
  for (const event of events) {
    const seq = String(event.seq);
    if (event.type === 'VacancyPublished') {
      const vacancy = event.payload as unknown as VacancySnapshot;
      await em.execute(
        `insert into free_place (vacancy_id, facility_id, places, age_from_months, age_to_months, hours_band, available_from, available_until, event_seq)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (vacancy_id) do update set facility_id = excluded.facility_id, places = excluded.places,
           age_from_months = excluded.age_from_months, age_to_months = excluded.age_to_months, hours_band = excluded.hours_band,
           available_from = excluded.available_from, available_until = excluded.available_until, event_seq = excluded.event_seq
         where free_place.event_seq < excluded.event_seq`,
        [
          vacancy.id,
          vacancy.facilityId,
          vacancy.places,
          vacancy.ageFromMonths,
          vacancy.ageToMonths,
          vacancy.hoursBand,
          vacancy.availableFrom,
          vacancy.availableUntil,
          seq,
        ],
      );
    } else if (event.type === 'VacancyRemoved') {
      const { id } = event.payload as { id: string };
      await em.execute('delete from free_place where vacancy_id = ? and event_seq < ?', [id, seq]);
    }
  }
}
