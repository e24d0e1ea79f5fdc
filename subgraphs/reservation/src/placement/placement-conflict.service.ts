import { badInput, clientError, ErrorCode, localIdIn, type MunicipalityKey, type Viewer } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationPartEntity } from '../part/part.entity.js';
import { requireOffice } from '../reservation/reservation.access.js';
import { ReservationEntity, ReservationStatus } from '../reservation/reservation.entity.js';
import { reasonLength } from '../reservation/workflow.service.js';
import type { ChildPlacedPayload } from './child-placed.events.js';
import { PlacementConflictEntity } from './placement-conflict.entity.js';

/**
 * Flags each place the child with `pseudonym` accepted here as conflicting with the place it
 * accepted in `source` (in the caller's transaction); returns the conflicts new to this call.
 */
export async function recordPlacementConflicts(
  em: EntityManager,
  pseudonym: string,
  source: MunicipalityKey,
  placed: Pick<ChildPlacedPayload, 'reservationId' | 'facilityId'>,
): Promise<PlacementConflictEntity[]> {
  const parts = await em.find(ReservationPartEntity, { childPseudonym: pseudonym }, { fields: ['id'] });
  if (parts.length === 0) return [];
  const accepted = await em.find(
    ReservationEntity,
    { partId: { $in: parts.map((part) => part.id) }, status: ReservationStatus.ACCEPTED },
    { fields: ['id'], orderBy: { id: 'asc' } },
  );
  if (accepted.length === 0) return [];
  const known = await em.find(
    PlacementConflictEntity,
    { reservationId: { $in: accepted.map((row) => row.id) }, otherMunicipality: source, otherReservationId: placed.reservationId },
    { fields: ['reservationId'] },
  );
  const flagged = new Set(known.map((conflict) => conflict.reservationId));
  const created: PlacementConflictEntity[] = [];
  for (const row of accepted) {
    if (flagged.has(row.id)) continue;
    const conflict = em.create(PlacementConflictEntity, {
      reservationId: row.id,
      otherMunicipality: source,
      otherReservationId: placed.reservationId,
      otherFacilityId: placed.facilityId,
      detectedAt: new Date(),
    });
    created.push(conflict);
  }
  return created;
}

/** The office's list of conflicting acceptances, and recording how one was cleared. */
export class PlacementConflictService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  async list(viewer: Viewer, municipality: string, includeResolved: boolean): Promise<PlacementConflictEntity[]> {
    if (municipality !== this.municipality) return [];
    requireOffice(viewer, this.municipality, 'see placement conflicts');
    return this.em.find(PlacementConflictEntity, includeResolved ? {} : { resolvedAt: null }, { orderBy: { detectedAt: 'desc', id: 'desc' } });
  }

  async resolve(viewer: Viewer, id: string, resolution: string): Promise<PlacementConflictEntity> {
    requireOffice(viewer, this.municipality, 'resolve placement conflicts');
    const localId = localIdIn(this.municipality, id);
    const text = resolution.trim();
    if (text.length < reasonLength.min || text.length > reasonLength.max) {
      throw badInput(`"resolution" must have ${reasonLength.min} to ${reasonLength.max} characters.`, { argument: 'resolution' });
    }
    return this.em.transactional(async (em) => {
      const conflict = await em.findOne(PlacementConflictEntity, { id: localId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!conflict) throw clientError(ErrorCode.NotFound, 'No placement conflict with this ID.', { argument: 'id' });
      if (conflict.resolvedAt)
        throw clientError(ErrorCode.InvalidTransition, 'This placement conflict was already resolved.', { from: 'RESOLVED', to: 'RESOLVED' });
      conflict.resolvedAt = new Date();
      conflict.resolvedBy = viewer.subject ?? null;
      conflict.resolution = text;
      return conflict;
    });
  }
}
