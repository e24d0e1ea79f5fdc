import { hoursBandOf, monthsBetween, type NewEvent, recordEvents } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type HoursBand, ReservationPartEntity } from '../part/part.entity.js';
import { ReservationEntity } from '../reservation/reservation.entity.js';
import { steps, systemActor, takeStep } from '../reservation/workflow.js';

/**
 * The facts the reservation subgraph publishes through its outbox (`GET /events`). IDs are local
 * UUIDs of this municipality. No names, no birth dates: the child is named only by its keyed
 * pseudonym (HMAC), which other municipalities compute alike for the same child.
 */
export const ReservationEventType = {
  ChildPlaced: 'ChildPlaced',
} as const;

export interface ChildPlacedPayload {
  /** Keyed pseudonym of the child; null for choices written before parts existed. */
  pseudonym: string | null;
  reservationId: string;
  facilityId: string;
  /** The child's age in completed months on the wished start. */
  ageAtStartMonths: number;
  hoursBand: HoursBand;
  wishedStart: string;
}

/** The step name of a choice withdrawn because the child's place was accepted elsewhere. */
export const placedElsewhereStep = 'PLACED_ELSEWHERE';
/** The plain-words reason recorded with it. */
export const placedElsewhereReason = 'a place was accepted elsewhere';

export function childPlaced(row: ReservationEntity, part: ReservationPartEntity | null): NewEvent {
  const payload: ChildPlacedPayload = {
    pseudonym: part?.childPseudonym ?? null,
    reservationId: row.id,
    facilityId: row.facilityId,
    ageAtStartMonths: monthsBetween(row.childBirthDate, row.wishedStart),
    hoursBand: part?.hoursBand ?? hoursBandOf(row.hoursPerWeek),
    wishedStart: row.wishedStart,
  };
  return { type: ReservationEventType.ChildPlaced, aggregateId: row.id, payload: { ...payload } };
}

/**
 * Withdraws (SYSTEM) every open choice of this municipality of the child with `pseudonym`, except
 * `exceptId`, in the caller's transaction; returns how many. Choices already closed stay as they
 * are, so doing it again changes nothing.
 */
export async function withdrawPlacedElsewhere(em: EntityManager, pseudonym: string, exceptId?: string): Promise<number> {
  const parts = await em.find(ReservationPartEntity, { childPseudonym: pseudonym }, { fields: ['id'] });
  if (parts.length === 0) return 0;
  const rows = await em.find(
    ReservationEntity,
    { partId: { $in: parts.map((part) => part.id) }, status: { $in: [...steps.withdraw.from] }, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
  );
  for (const row of rows) takeStep(em, row, steps.withdraw, systemActor, { reason: placedElsewhereReason, step: placedElsewhereStep });
  return rows.length;
}

/** Records `ChildPlaced` for an accepted choice and withdraws the child's other open choices here, in the caller's transaction. */
export async function recordPlacement(em: EntityManager, row: ReservationEntity): Promise<void> {
  const part = row.partId ? await em.findOne(ReservationPartEntity, { id: row.partId }) : null;
  await recordEvents(em, [childPlaced(row, part)]);
  if (part?.childPseudonym) await withdrawPlacedElsewhere(em, part.childPseudonym, row.id);
}
