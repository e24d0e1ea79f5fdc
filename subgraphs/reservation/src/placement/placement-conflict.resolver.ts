import { formatId, type SubgraphContext } from '@kita/shared';
import { Arg, Ctx, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { toReservation } from '../reservation/reservation.mapper.js';
import { Facility, Reservation } from '../reservation/reservation.types.js';
import type { PlacementConflictEntity } from './placement-conflict.entity.js';
import { PlacementConflictService } from './placement-conflict.service.js';

type Context = SubgraphContext<ReservationLoaders>;

@ObjectType({
  description:
    'A child that accepted a place here and, at about the same moment, another place in another municipality: two binding acceptances, neither withdrawn automatically. For the office of this municipality to clear up with the family and the other office; the other municipality lists it too.',
})
export class PlacementConflict {
  @Field(() => ID)
  id!: string;

  @Field(() => Reservation, { nullable: true, description: 'The accepted choice of this municipality.' })
  reservation!: Reservation | null;

  @Field(() => String, { description: 'The municipality (AGS) of the other accepted place.' })
  otherMunicipality!: string;

  @Field(() => Reservation, {
    description: "The other municipality's accepted choice; its office decides who sees it (null for you unless you are its office too).",
  })
  otherReservation!: { id: string };

  @Field(() => Facility, { description: 'The facility of the other accepted place.' })
  otherFacility!: Facility;

  @Field(() => GraphQLISODateTime)
  detectedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'How the office cleared it.' })
  resolution!: string | null;
}

async function toConflict(row: PlacementConflictEntity, context: Context): Promise<PlacementConflict> {
  const reservation = await context.loaders.reservation.load(row.reservationId);
  return {
    id: formatId(context.municipality, row.id),
    reservation: reservation ? toReservation(reservation, context.municipality) : null,
    otherMunicipality: row.otherMunicipality,
    otherReservation: { id: formatId(row.otherMunicipality, row.otherReservationId) },
    otherFacility: { id: formatId(row.otherMunicipality, row.otherFacilityId) },
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
    resolution: row.resolution,
  };
}

const service = (context: Context) => new PlacementConflictService(context.em, context.municipality);

@Resolver(() => PlacementConflict)
export class PlacementConflictResolver {
  @Query(() => [PlacementConflict], {
    nullable: true,
    description:
      'Children with places accepted both here and in another municipality, newest first; unresolved ones unless asked otherwise. Office of the municipality only. Null when the municipality could not answer (MUNICIPALITY_UNAVAILABLE).',
  })
  async placementConflicts(
    @Arg('municipality', () => String) municipality: string,
    @Arg('includeResolved', () => Boolean, { defaultValue: false }) includeResolved: boolean,
    @Ctx() context: Context,
  ): Promise<PlacementConflict[]> {
    const rows = await service(context).list(context.viewer, municipality, includeResolved);
    return Promise.all(rows.map((row) => toConflict(row, context)));
  }

  @Mutation(() => PlacementConflict, {
    description: 'The office records how a placement conflict was cleared (e.g. which contract the family kept). No personal data in the text, please.',
  })
  async resolvePlacementConflict(
    @Arg('id', () => ID) id: string,
    @Arg('resolution', () => String) resolution: string,
    @Ctx() context: Context,
  ): Promise<PlacementConflict> {
    return toConflict(await service(context).resolve(context.viewer, id, resolution), context);
  }
}
