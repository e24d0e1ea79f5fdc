import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvents, type NewEvent } from '@kita/shared';
import { FacilityEntity, type FacilityKind, type PublicationStatus } from '../facility/facility.entity.js';
import { FacilityGroupEntity, type HoursBand } from '../profile/facility-group.entity.js';

/**
 * The facts of a facility that other subgraphs project through this subgraph's outbox
 * (`GET /events`): what the reservation subgraph checks a reservation against. IDs are local
 * UUIDs of this municipality. Every event carries the whole snapshot, so a consumer upserts by
 * facility ID and never needs an earlier event.
 */
export const FacilityEventType = {
  FactsChanged: 'FacilityFactsChanged',
} as const;

export interface FacilityGroupFact {
  /** Completed months, from ≤ age < to. */
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: HoursBand;
  capacity: number;
}

export interface FacilityFactsChangedPayload {
  id: string;
  kind: FacilityKind;
  status: PublicationStatus;
  boundToResidence: boolean;
  /** Stadtteil or Gemeinde: where demand statistics count a reservation for this facility. */
  district: string;
  groups: FacilityGroupFact[];
}

type FactRow = Pick<FacilityEntity, 'id' | 'kind' | 'status' | 'boundToResidence' | 'district'>;
type GroupRow = Pick<FacilityGroupEntity, 'ageFromMonths' | 'ageToMonths' | 'hoursBand' | 'capacity'>;

const byAge = (a: GroupRow, b: GroupRow) => a.ageFromMonths - b.ageFromMonths || a.ageToMonths - b.ageToMonths;

export function facilityFactsChanged(row: FactRow, groups: GroupRow[]): NewEvent {
  const payload: FacilityFactsChangedPayload = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    boundToResidence: row.boundToResidence,
    district: row.district,
    groups: [...groups].sort(byAge).map(({ ageFromMonths, ageToMonths, hoursBand, capacity }) => ({ ageFromMonths, ageToMonths, hoursBand, capacity })),
  };
  return { type: FacilityEventType.FactsChanged, aggregateId: row.id, payload: { ...payload } };
}

/**
 * Records `FacilityFactsChanged` for facilities changed in the caller's transaction (after the
 * change, so the event carries what commits). Flushes first: the groups are read back from the
 * database, whatever wrote them. One statement for the groups, one for the events.
 */
export async function recordFacilityFacts(em: EntityManager, rows: FactRow[]): Promise<void> {
  if (rows.length === 0) return;
  await em.flush();
  const groups = await em.find(FacilityGroupEntity, { facilityId: { $in: rows.map((row) => row.id) } }, { disableIdentityMap: true });
  await recordEvents(
    em,
    rows.map((row) => facilityFactsChanged(row, groups.filter((group) => group.facilityId === row.id))),
  );
}

/**
 * Stores facilities with their groups and their `FacilityFactsChanged` events in one
 * transaction (the caller's, or a new one): the way to write facilities outside a mutation, e.g.
 * demo seeding, so that consumers learn of them too.
 */
export async function recordFacilities(em: EntityManager, rows: FacilityEntity[], groups: FacilityGroupEntity[]): Promise<void> {
  if (rows.length === 0) return;
  await em.transactional(async (tx) => {
    await tx.insertMany(FacilityEntity, rows);
    if (groups.length) await tx.insertMany(FacilityGroupEntity, groups);
    await recordEvents(
      tx,
      rows.map((row) => facilityFactsChanged(row, groups.filter((group) => group.facilityId === row.id))),
    );
  });
}
