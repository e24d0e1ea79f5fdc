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

@ObjectType({ description: "The office's decision on a provider's latest decided revision of a published profile." })
export class FacilityRevisionDecision {
  @Field(() => Boolean, { description: 'True when the office approved the revision (it became the published profile), false when it rejected it.' })
  approved!: boolean;

  @Field(() => String, { nullable: true, description: "The office's reason for a rejection; null for an approval." })
  reason!: string | null;

  @Field(() => GraphQLISODateTime)
  decidedAt!: Date;
}

@ArgsType()
export class RejectFacilityRevisionArgs {
  @Field(() => ID, { description: 'The facility whose pending revision is rejected.' })
  id!: string;

  @Field(() => String, { description: `What the provider must change, ${rejectionReasonLength.min} to ${rejectionReasonLength.max} characters.` })
  reason!: string;
}
