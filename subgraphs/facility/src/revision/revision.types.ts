import { ArgsType, Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { rejectionReasonLength } from '../onboarding/onboarding.service.js';

@ObjectType({ description: 'One field a revision changes, as readable text, for a side-by-side view.' })
export class ProfileChange {
  @Field(() => String, {
    description:
      'Stable key: kind, name, carrier, carrierType, address.street, address.postalCode, address.city, address.district, location, contact.phone, contact.email, contact.website, description, concepts, languages, meals, accessibility, openingHours, groups, boundToResidence.',
  })
  field!: string;

  @Field(() => String, { nullable: true, description: 'What the public sees now; null when empty.' })
  published!: string | null;

  @Field(() => String, { nullable: true, description: 'What the provider proposes; null when empty.' })
  proposed!: string | null;
}

@ObjectType({
  description:
    "A provider's edit of a published profile, waiting for the office of the municipality; until it approves, the public sees the published profile.",
})
export class FacilityRevision {
  @Field(() => GraphQLISODateTime, { description: 'When the provider made the (latest) edit; a later edit replaces the revision.' })
  submittedAt!: Date;

  @Field(() => [ProfileChange], { description: 'The fields that differ from the published profile, in the order an editor shows them.' })
  changes!: ProfileChange[];
}

@ArgsType()
export class RejectFacilityRevisionArgs {
  @Field(() => ID, { description: 'The facility whose pending revision is rejected.' })
  id!: string;

  @Field(() => String, { description: `What the provider must change, ${rejectionReasonLength.min} to ${rejectionReasonLength.max} characters.` })
  reason!: string;
}
