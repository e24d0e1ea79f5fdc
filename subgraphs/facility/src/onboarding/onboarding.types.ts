import { ArgsType, Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PublicationStatus } from '../facility/facility.entity.js';
import { ActorRole } from './facility-transition.entity.js';
import { rejectionReasonLength } from './onboarding.service.js';

registerEnumType(ActorRole, {
  name: 'ActorRole',
  description: 'Who took a step in the review: the PROVIDER, the municipal OFFICE, or the SYSTEM (a lapsed permit).',
});

@ObjectType({ description: 'One recorded step of a facility profile through the office review.' })
export class FacilityTransition {
  @Field(() => PublicationStatus, { nullable: true, description: 'Null for the registration.' })
  fromStatus!: PublicationStatus | null;

  @Field(() => PublicationStatus, { description: 'Equal to fromStatus when a published profile or its permit changed.' })
  toStatus!: PublicationStatus;

  @Field(() => ActorRole)
  actorRole!: ActorRole;

  @Field(() => String, { nullable: true, description: 'Token subject of who acted ("system" for automatic steps); for the office only, null for providers.' })
  actorSubject!: string | null;

  @Field(() => String, { nullable: true, description: 'Why: the office\'s reason for a rejection, "permit lapsed", "profile updated", "permit recorded".' })
  reason!: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ArgsType()
export class RejectFacilityArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: `What the provider must change, ${rejectionReasonLength.min} to ${rejectionReasonLength.max} characters.` })
  reason!: string;
}
