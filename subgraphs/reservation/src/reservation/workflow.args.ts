import { LocalDate } from '@kita/shared';
import { ArgsType, Field, ID } from 'type-graphql';

@ArgsType()
export class WithdrawReservationArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why, if the family wants to say (removed after the retention period).' })
  reason?: string | null;
}

@ArgsType()
export class MakeOfferArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => LocalDate, { description: 'The last day to accept; 14 to 28 days ahead unless the municipality configures otherwise.' })
  deadline!: string;
}

@ArgsType()
export class ReservationReasonArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: '3 to 1000 characters; shown to the family in the history.' })
  reason!: string;
}

@ArgsType()
export class DeclineOfferArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why, if the family wants to say: 3 to 1000 characters (removed after the retention period).' })
  reason?: string | null;
}
