import { LocalDate } from '@kita/shared';
import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LegalClaimKind } from '../part/legal-claim.js';
import { FacilityKind, HoursBand, type ReservationPartEntity } from '../part/part.entity.js';
import { type ReservationEntity, ReservationStatus } from './reservation.entity.js';
import { ReservationActorRole } from './reservation-transition.entity.js';

registerEnumType(ReservationStatus, {
  name: 'ReservationStatus',
  description:
    'DRAFT (saved, not released) → SUBMITTED → IN_REVIEW → OFFERED (with a deadline) → ACCEPTED (binding Zusage) / DECLINED / LAPSED; WITHDRAWN by the parent at any time before acceptance.',
});
registerEnumType(ReservationActorRole, {
  name: 'ReservationActorRole',
  description:
    'Who took a step of a reservation: the PARENT, the municipal OFFICE, or the SYSTEM (a lapsed offer, a draft abandoned past the retention period).',
});
registerEnumType(LegalClaimKind, {
  name: 'LegalClaimKind',
  description:
    '§24 SGB VIII by age at the wished start: UNDER_ONE (no general claim; a place when parents work, train or seek work), ONE_TO_THREE (Kita or Kindertagespflege), THREE_TO_SCHOOL (Kita), SCHOOL_AGE (care for school children).',
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
    "A Vormerkung for one facility: one ranked choice of a family's application (the type keeps its name for compatibility; it is one choice, not the whole application). Visible to the parent who made it, the providers of its facility (once released) and the office of its municipality; never to analysts or the public.",
})
export class Reservation {
  @Field(() => ID)
  id!: string;

  @Field(() => Facility)
  facility!: Facility;

  @Field(() => LocalDate, { description: "Child's birth date (personal data); after the retention period only its year remains (1 January)." })
  childBirthDate!: string;

  @Field(() => LocalDate)
  wishedStart!: string;

  @Field(() => Int)
  hoursPerWeek!: number;

  @Field(() => HoursBand, { description: 'The narrowest band that covers hoursPerWeek.' })
  hoursBand!: HoursBand;

  @Field(() => ReservationStatus)
  status!: ReservationStatus;

  @Field(() => Int, { nullable: true, description: "Preference within the family's whole application, across municipalities: 1 is the first choice." })
  rank!: number | null;

  @Field(() => LocalDate, { nullable: true, description: 'The last day to accept an offer (set when OFFERED).' })
  offerDeadline!: string | null;

  @Field(() => Boolean, { description: 'The office let a family from outside the municipality choose this place bound to residence.' })
  residenceException!: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the status last changed.' })
  statusChangedAt!: Date;

  /** The stored row, for field resolvers; not a GraphQL field. */
  row!: ReservationEntity;
}

@ObjectType({ description: 'One recorded step of a choice: who (role), when and why, in plain words.' })
export class ReservationTransition {
  @Field(() => ReservationStatus, { nullable: true, description: 'Null for the first step (saving the draft).' })
  fromStatus!: ReservationStatus | null;

  @Field(() => ReservationStatus)
  toStatus!: ReservationStatus;

  @Field(() => ReservationActorRole)
  actorRole!: ReservationActorRole;

  @Field(() => String, { nullable: true, description: 'The account that took the step: shown to the office of the municipality only, null for everyone else.' })
  actorSubject!: string | null;

  @Field(() => String, { nullable: true, description: 'Why, in the words of whoever took the step.' })
  reason!: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => String, { description: 'What happened, in plain words for the family.' })
  description!: string;
}

@ObjectType({ description: 'The child of an application (personal data): visible to the parent, the providers of the chosen facilities and the office.' })
export class Child {
  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => LocalDate)
  birthDate!: string;
}

@ObjectType({ description: "A guardian's address (personal data): visible to the parent and the office only." })
export class GuardianAddress {
  @Field(() => String)
  street!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String)
  city!: string;

  @Field(() => String, { description: 'Key of the municipality (AGS of the youth office area) the guardian lives in; decides places bound to residence.' })
  residenceMunicipality!: string;
}

@ObjectType({ description: 'A guardian (personal data). Providers see names and contact, needed to process the Vormerkung; not the address.' })
export class Guardian {
  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => GuardianAddress, { nullable: true, description: 'Null for providers.' })
  address!: GuardianAddress | null;
}

@ObjectType({ description: 'What §24 SGB VIII entitles the child to at the wished start, in plain words for the family.' })
export class LegalClaim {
  @Field(() => LegalClaimKind)
  kind!: LegalClaimKind;

  @Field(() => String)
  description!: string;
}

@ObjectType({
  description:
    "One municipality's part of a family's application: the child, the guardians, the wishes, and the choices of this municipality's facilities. An application that spans municipalities has one part in each, all with the same applicationKey.",
})
export class ReservationPart {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The municipality (AGS) that holds this part and owns its facilities.' })
  municipality!: string;

  @Field(() => ID, { description: "The client's key of the family's whole application, the same in every municipality's part." })
  applicationKey!: string;

  @Field(() => LocalDate)
  wishedStart!: string;

  @Field(() => Int)
  hoursPerWeek!: number;

  @Field(() => HoursBand)
  hoursBand!: HoursBand;

  @Field(() => [FacilityKind], { description: 'Kinds of care the family would take.' })
  kindsOfCare!: FacilityKind[];

  @Field(() => Int, { description: "The child's birth year: kept after the personal data is removed." })
  childBirthYear!: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the parent released the part for processing; null while a draft.' })
  submittedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the retention rule removed the personal data (child, guardians) of this closed part.' })
  personalDataRemovedAt!: Date | null;

  /** The stored row, for field resolvers; not a GraphQL field. */
  row!: ReservationPartEntity;
}
