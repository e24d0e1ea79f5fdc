import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventConsumer } from './events/consumer.js';
import type { OutboxEvent } from './events/event.js';
import type { InstanceContext } from './module.js';
import { startPeerConsumer } from './peer-consumer.js';

/**
 * A copy of one vacancy (free places of a facility for an age band, an hours band and dates),
 * owned by the vacancy subgraph and kept current by its events, so that another subgraph of the
 * same municipality (search in facility, allocation runs in reservation) reads free places
 * without reading another database.
 */
@Entity({ tableName: 'free_place' })
export class FreePlaceEntity {
  @PrimaryKey({ type: 'uuid' })
  vacancyId!: string;

  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  @Property({ type: 'integer' })
  places!: number;

  @Property({ type: 'integer' })
  ageFromMonths!: number;

  /** Exclusive, like every age band. */
  @Property({ type: 'integer' })
  ageToMonths!: number;

  @Property({ type: 'text' })
  hoursBand!: string;

  @Property({ type: 'date' })
  availableFrom!: string;

  @Property({ type: 'date', nullable: true })
  availableUntil: string | null = null;

  /** Outbox sequence of the event this row reflects; older events never overwrite it. */
  @Property({ type: 'bigint' })
  eventSeq!: string;
}

/** `VacancyPublished` as the vacancy subgraph records it (see its vacancy/vacancy.events.ts): the whole vacancy. */
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
export async function applyVacancyEvents(em: EntityManager, events: OutboxEvent[]): Promise<void> {
  for (const event of events) {
    const seq = String(event.seq);
    if (event.type === 'VacancyPublished') {
      const vacancy = event.payload as VacancySnapshot;
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

/**
 * Keeps `free_place` of subgraph `consumer` current from this municipality's instance of the
 * subgraph `source` that publishes the vacancy events (see startPeerConsumer); the subgraph that
 * needs the copy names both.
 */
export function startFreePlaceProjection(instance: InstanceContext, options: { consumer: string; source: string }): EventConsumer | undefined {
  return startPeerConsumer(instance, { consumer: options.consumer, source: options.source, apply: applyVacancyEvents });
}
