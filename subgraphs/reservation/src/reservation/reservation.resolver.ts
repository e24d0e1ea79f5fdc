import { formatId, tryParseId, type MunicipalityKey, type SubgraphContext } from '@kita/shared';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { maySee, requireFacilityReservationsReader, requireReservationReader } from './reservation.access.js';
import { ReservationEntity } from './reservation.entity.js';
import { Facility, Reservation } from './reservation.types.js';

type Context = SubgraphContext<ReservationLoaders>;

export function toReservation(row: ReservationEntity, municipality: MunicipalityKey): Reservation {
  return {
    id: formatId(municipality, row.id),
    facility: { id: formatId(municipality, row.facilityId) },
    childBirthDate: row.childBirthDate,
    wishedStart: row.wishedStart,
    hoursPerWeek: row.hoursPerWeek,
    status: row.status,
    createdAt: row.createdAt,
  };
}

/** One reservation by global ID for a viewer allowed to see it; NOT_FOUND hides whether it exists. */
export async function findReservation(id: string, context: Context): Promise<Reservation | null> {
  requireReservationReader(context.viewer);
  const parsed = tryParseId(id);
  if (!parsed || parsed.municipality !== context.municipality) return null;
  const row = await context.loaders.reservation.load(parsed.localId);
  return row && maySee(context.viewer, row, context.municipality) ? toReservation(row, context.municipality) : null;
}

@Resolver(() => Facility)
export class FacilityReservationsResolver {
  @FieldResolver(() => [Reservation], {
    nullable: true,
    description: "The facility's reservations, oldest first. Only for its providers and the office of its municipality.",
  })
  async reservations(@Root() facility: Facility, @Ctx() context: Context): Promise<Reservation[]> {
    requireFacilityReservationsReader(context.viewer, facility.id, context.municipality);
    const parsed = tryParseId(facility.id);
    if (!parsed || parsed.municipality !== context.municipality) return [];
    const rows = await context.loaders.reservationsByFacility.load(parsed.localId);
    return rows.map((row) => toReservation(row, context.municipality));
  }
}

@Resolver(() => Reservation)
export class ReservationResolver {
  @Query(() => Reservation, { nullable: true, description: 'One reservation by global ID, if you may see it.' })
  reservation(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Reservation | null> {
    return findReservation(id, context);
  }

  @Query(() => [Reservation], { description: "The signed-in parent's own reservations, newest first." })
  async myReservations(@Ctx() context: Context): Promise<Reservation[]> {
    requireReservationReader(context.viewer);
    if (context.viewer.role !== 'parent' || !context.viewer.subject) return [];
    const rows = await context.em.find(
      ReservationEntity,
      { parentSubject: context.viewer.subject },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    return rows.map((row) => toReservation(row, context.municipality));
  }
}
