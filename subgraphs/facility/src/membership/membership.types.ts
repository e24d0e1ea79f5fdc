import { ArgsType, Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { FacilityMemberRole } from './facility-member.entity.js';

registerEnumType(FacilityMemberRole, {
  name: 'FacilityMemberRole',
  description:
    'OWNER: acts for the facility and decides, with the office, who else does. MEMBER: acts for the facility (profile, photos, free places, its Vormerkungen).',
});

@ObjectType({ description: 'An account that acts for a facility as its provider. Only the account subject: no name, no contact.' })
export class FacilityMember {
  @Field(() => String, { description: "The account's subject (the token's sub)." })
  subject!: string;

  @Field(() => FacilityMemberRole)
  role!: FacilityMemberRole;

  @Field(() => GraphQLISODateTime)
  addedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Subject of whoever added the member; for the office only, null for providers.' })
  addedBy!: string | null;
}

@ArgsType()
export class AddFacilityMemberArgs {
  @Field(() => ID)
  facilityId!: string;

  @Field(() => String, { description: "The account's subject (sub), as its login tokens carry it." })
  subject!: string;

  @Field(() => FacilityMemberRole, { defaultValue: FacilityMemberRole.MEMBER })
  role: FacilityMemberRole = FacilityMemberRole.MEMBER;
}

@ArgsType()
export class RemoveFacilityMemberArgs {
  @Field(() => ID)
  facilityId!: string;

  @Field(() => String)
  subject!: string;
}

@ArgsType()
export class SetFacilityMemberRoleArgs {
  @Field(() => ID)
  facilityId!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => FacilityMemberRole)
  role!: FacilityMemberRole;
}
