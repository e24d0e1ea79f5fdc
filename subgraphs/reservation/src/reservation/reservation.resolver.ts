import { type FanOutSpec, fanOut, fanOutNote, listSize, type SubgraphContext, tryLocalIdIn } from '@kita/shared';
import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { toPart } from '../part/part.mapper.js';
import { facilitiesActedFor, maySee, requireFacilityReservationsReader, requireReservationReader } from './reservation.access.js';
import { ReservationEntity } from './reservation.entity.js';
import { toReservation, toTransition } from './reservation.mapper.js';
import { Facility, Reservation, ReservationPart, ReservationTransition } from './reservation.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const concat: FanOutSpec = { merge: 'CONCAT' };

/** One reservation by global ID for a viewer allowed to see it; null hides whether it exists. */
export async function findReservation(id: string, context: Context): Promise<Reservation | null> {
  requireReservationReader(context.viewer);
  const localId = tryLocalIdIn(context.municipality, id);
  if (!localId) return null;
  const [row, actedFor] = await Promise.all([context.loaders.reservation.load(localId), facilitiesActedFor(context)]);
  return row && maySee(context.viewer, row, context.municipality, actedFor) ? toReservation(row, context.municipality) : null;
}

@Resolver(() => Facility)
export class FacilityReservationsResolver {
  @FieldResolver(() => [Reservation], {
    nullable: true,
    description: "The facility's released Vormerkungen (choices of it, no drafts), oldest first. Only for its providers and the office of its municipality.",
  })
  async reservations(@Root() facility: Facility, @Ctx() context: Context): Promise<Reservation[]> {
    requireReservationReader(context.viewer);
    const localId = tryLocalIdIn(context.municipality, facility.id);
    requireFacilityReservationsReader(context.viewer, localId ?? '', context.municipality, await facilitiesActedFor(context));
    if (!localId) return [];
    const rows = await context.loaders.reservationsByFacility.load(localId);
    return rows.map((row) => toReservation(row, context.municipality));
  }
}

@Resolver(() => Reservation)
export class ReservationResolver {
  @Query(() => Reservation, { nullable: true, description: "One Vormerkung (a family's ranked choice of one facility) by global ID, if you may see it." })
  reservation(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Reservation | null> {
    return findReservation(id, context);
  }

  @Directive(listSize({ assumedSize: 5 }))
  @Directive(fanOut(concat))
  @Query(() => [Reservation], {
    nullable: true,
    description: `The signed-in parent's own choices, drafts included, newest first; \`part\` and \`applicationKey\` group them into applications. ${fanOutNote(concat)}`,
  })
  async myReservations(@Ctx() context: Context): Promise<Reservation[]> {
    requireReservationReader(context.viewer);
    if (context.viewer.role !== 'parent' || !context.viewer.subject) return [];
    const rows = await context.em.find(ReservationEntity, { parentSubject: context.viewer.subject }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    return rows.map((row) => toReservation(row, context.municipality));
  }

  @FieldResolver(() => ID, { nullable: true, description: "The client's key of the family's whole application this choice belongs to." })
  async applicationKey(@Root() reservation: Reservation, @Ctx() context: Context): Promise<string | null> {
    if (!reservation.row.partId) return null;
    return (await context.loaders.part.load(reservation.row.partId))?.applicationKey ?? null;
  }

  @FieldResolver(() => ReservationPart, {
    nullable: true,
    description:
      'The part of the application this choice belongs to (the part in this municipality): the child, the guardians and the wishes. A provider sees there only what it needs (no addresses, no pseudonym) and only the choices of its own facilities. Null for choices from before parts existed.',
  })
  async part(@Root() reservation: Reservation, @Ctx() context: Context): Promise<ReservationPart | null> {
    if (!reservation.row.partId) return null;
    const row = await context.loaders.part.load(reservation.row.partId);
    return row ? toPart(row, context.municipality) : null;
  }

  @Directive(listSize({ assumedSize: 6 }))
  @FieldResolver(() => [ReservationTransition], { description: 'Every step of this choice, oldest first: who (role), when, why, in plain words.' })
  async history(@Root() reservation: Reservation, @Ctx() context: Context): Promise<ReservationTransition[]> {
    const rows = await context.loaders.transitions.load(reservation.row.id);
    return rows.map((row) => toTransition(row, context.viewer, context.municipality));
  }
}
