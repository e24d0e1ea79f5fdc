import { applyFacilityPreference, type FacilityNotificationSettingsPayload, facilityNotificationSettingsChanged } from '@kita/notification';
import { applyFacilityMembers, facilityMembersChanged, type OutboxEvent } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FacilityGroupFact } from './facility-fact.entity.js';

/** `FacilityFactsChanged` as the facility subgraph records it (see its facts/facility-fact.events.ts). */
interface FacilityFactsSnapshot {
  id: string;
  kind: string;
  status: string;
  boundToResidence: boolean;
  district: string;
  groups: FacilityGroupFact[];
}

/**
 * Applies facility events to `facility_fact` and `facility_member`, idempotently: a facility's
 * rows only ever move forward in outbox order (`event_seq`), so a redelivered or older event
 * changes nothing. Unknown event types are skipped (the owner may add types before this consumer
 * knows them).
 */
export async function applyFacilityEvents(em: EntityManager, events: OutboxEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type === facilityMembersChanged) {
      await applyFacilityMembers(em, event);
      continue;
    }
    // A facility's mail settings: read here too, where its NEW_RESERVATION mails are sent.
    if (event.type === facilityNotificationSettingsChanged) {
      await applyFacilityPreference(em, event.payload as unknown as FacilityNotificationSettingsPayload);
      continue;
    }
    if (event.type !== 'FacilityFactsChanged') continue;
    const facts = event.payload as FacilityFactsSnapshot;
    await em.execute(
      `insert into facility_fact (facility_id, kind, status, bound_to_residence, district, groups, event_seq)
       values (?, ?, ?, ?, ?, ?::jsonb, ?)
       on conflict (facility_id) do update set kind = excluded.kind, status = excluded.status,
         bound_to_residence = excluded.bound_to_residence, district = excluded.district, groups = excluded.groups, event_seq = excluded.event_seq
       where facility_fact.event_seq < excluded.event_seq`,
      [facts.id, facts.kind, facts.status, facts.boundToResidence, facts.district ?? '', JSON.stringify(facts.groups ?? []), String(event.seq)],
    );
  }
}
