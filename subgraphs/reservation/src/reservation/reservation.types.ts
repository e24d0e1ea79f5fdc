import { LocalDate } from '@kita/shared';
import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ReservationStatus } from './reservation.entity.js';

registerEnumType(ReservationStatus, {
  name: 'ReservationStatus',
  description: 'SUBMITTED → IN_REVIEW → OFFERED → ACCEPTED (binding Zusage) / DECLINED / LAPSED; WITHDRAWN by the parent.',
});

/** The reservation subgraph's view of a facility: its key; it adds the facility's reservations. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Facility {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A Vormerkung (reservation of a childcare place). Visible to the parent who made it, the providers of its facility and the office of its municipality; never to analysts or the public.',
})
export class Reservation {
  @Field(() => ID)
  id!: string;

  @Field(() => Facility)
  facility!: Facility;

  @Field(() => LocalDate, { description: "Child's birth date (personal data)." })
  childBirthDate!: string;

  @Field(() => LocalDate)
  wishedStart!: string;

  @Field(() => Int)
  hoursPerWeek!: number;

  @Field(() => ReservationStatus)
  status!: ReservationStatus;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}
