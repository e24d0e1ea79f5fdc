import type { SubgraphContext } from '@kita/shared';
import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { facilitiesActedFor } from '../reservation/reservation.access.js';
import { toReservation } from '../reservation/reservation.mapper.js';
import { QueueService } from './queue.service.js';
import { ReservationConnection, ReservationQueueArgs } from './queue.types.js';

type Context = SubgraphContext<ReservationLoaders>;

/** The office's and providers' work queue. */
@Resolver(() => ReservationConnection)
export class ReservationQueueResolver {
  @Query(() => ReservationConnection, {
    nullable: true,
    description:
      'Released choices waiting for work in one municipality, oldest submission first, filtered by facility, status and wished start. The office sees the whole municipality; a provider only its own facilities. Null when the municipality could not answer (MUNICIPALITY_UNAVAILABLE).',
  })
  async reservationQueue(@Args(() => ReservationQueueArgs) args: ReservationQueueArgs, @Ctx() context: Context): Promise<ReservationConnection> {
    const page = await new QueueService(context.em, context.municipality).page(context.viewer, args, await facilitiesActedFor(context));
    return {
      edges: page.rows.map(({ row, cursor }) => ({ cursor, node: toReservation(row, context.municipality) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.rows.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }
}
