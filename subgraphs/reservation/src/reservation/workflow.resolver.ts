import type { SubgraphContext } from '@kita/shared';
import { Arg, Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { toReservation } from './reservation.mapper.js';
import { Reservation } from './reservation.types.js';
import { DeclineOfferArgs, MakeOfferArgs, ReservationReasonArgs, WithdrawReservationArgs } from './workflow.args.js';
import { WorkflowService } from './workflow.service.js';

type Context = SubgraphContext<ReservationLoaders>;

const service = (context: Context) => new WorkflowService(context.em, context.municipality, context.loaders.settings);

/** The steps of one choice: the parent's withdrawal and the office's review, offer, acceptance, decline and residence exception. */
@Resolver(() => Reservation)
export class ReservationWorkflowResolver {
  @Mutation(() => Reservation, { description: 'The parent withdraws a choice (draft, submitted, in review or offered) at any time before acceptance.' })
  async withdrawReservation(@Args(() => WithdrawReservationArgs) { id, reason }: WithdrawReservationArgs, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).withdraw(context.viewer, id, reason), context.municipality);
  }

  @Mutation(() => Reservation, { description: 'The office of the municipality starts reviewing a SUBMITTED choice (IN_REVIEW).' })
  async startReview(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).startReview(context.viewer, id), context.municipality);
  }

  @Mutation(() => Reservation, {
    description:
      'The office offers the place of a choice IN_REVIEW (OFFERED) with a deadline 14 to 28 days ahead (configurable per municipality); unanswered, the offer lapses.',
  })
  async makeOffer(@Args(() => MakeOfferArgs) { id, deadline }: MakeOfferArgs, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).makeOffer(context.viewer, id, deadline), context.municipality);
  }

  @Mutation(() => Reservation, {
    description:
      'The parent accepts the offer on their own choice (OFFERED → ACCEPTED) on or before its deadline: a binding commitment (Zusage). The child’s other open choices are withdrawn.',
  })
  async acceptOffer(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).acceptOffer(context.viewer, id), context.municipality);
  }

  @Mutation(() => Reservation, { description: 'The parent declines the offer on their own choice (OFFERED → DECLINED), optionally saying why.' })
  async declineOffer(@Args(() => DeclineOfferArgs) { id, reason }: DeclineOfferArgs, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).declineOffer(context.viewer, id, reason), context.municipality);
  }

  @Mutation(() => Reservation, {
    description: 'The office records that the family accepted an offer by its deadline: ACCEPTED, a binding commitment (Zusage).',
  })
  async recordAcceptance(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).recordAcceptance(context.viewer, id), context.municipality);
  }

  @Mutation(() => Reservation, { description: 'The office records that the family declined an offer (DECLINED), saying why.' })
  async recordDecline(@Args(() => ReservationReasonArgs) { id, reason }: ReservationReasonArgs, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).recordDecline(context.viewer, id, reason), context.municipality);
  }

  @Mutation(() => Reservation, {
    description: 'The office lets a family living outside the municipality choose a place bound to residence; recorded in the history with the reason.',
  })
  async grantResidenceException(@Args(() => ReservationReasonArgs) { id, reason }: ReservationReasonArgs, @Ctx() context: Context): Promise<Reservation> {
    return toReservation(await service(context).grantResidenceException(context.viewer, id, reason), context.municipality);
  }
}
