import { clientError, ErrorCode, type FanOutSpec, fanOut, fanOutNote, isOfficeOf, listSize, type SubgraphContext, tryLocalIdIn } from '@kita/shared';
import { Args, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { FacilityEntity } from '../facility/facility.entity.js';
import { toFacility } from '../facility/facility.mapper.js';
import { Facility } from '../facility/facility.types.js';
import type { FacilityLoaders } from '../loaders.js';
import { requireSignedIn } from '../onboarding/onboarding.access.js';
import { FacilityMemberEntity } from './facility-member.entity.js';
import { isMember } from './membership.access.js';
import { MembershipService, maxMembersPerFacility } from './membership.service.js';
import { AddFacilityMemberArgs, FacilityMember, RemoveFacilityMemberArgs, SetFacilityMemberRoleArgs } from './membership.types.js';

type Context = SubgraphContext<FacilityLoaders>;

const concat: FanOutSpec = { merge: 'CONCAT' };

const who = "For the facility's owners and the office of its municipality.";

/** Who acts for a facility: `Facility.members`, `myFacilities`, and the owners' and office's changes to membership. */
@Resolver(() => Facility)
export class FacilityMembershipResolver {
  @FieldResolver(() => [FacilityMember], {
    nullable: true,
    description: "The accounts that act for the facility, owners first. Only for the facility's members and the office of its municipality.",
  })
  async members(@Root() facility: Facility, @Ctx() context: Context): Promise<FacilityMember[]> {
    const { viewer, municipality } = context;
    requireSignedIn(viewer, 'see who acts for a facility');
    const localId = tryLocalIdIn(municipality, facility.id);
    if (!localId) return [];
    const office = isOfficeOf(viewer, municipality);
    // Every facility of the request in one statement; a role that can never see members reads nothing.
    const rows = office || viewer.role === 'provider' ? await context.loaders.members.load(localId) : [];
    if (!office && !isMember(viewer, rows)) {
      throw clientError(ErrorCode.Forbidden, "Only the facility's members and the office of its municipality see who acts for it.", { municipality });
    }
    return rows.map((row) => ({ subject: row.subject, role: row.role, addedAt: row.addedAt, addedBy: office ? row.addedBy : null }));
  }

  @Directive(listSize({ assumedSize: 5 }))
  @Directive(fanOut(concat))
  @Query(() => [Facility], {
    nullable: true,
    description: `The facilities the signed-in provider acts for (it is a member of), whatever their status, by name; empty for other roles. ${fanOutNote(concat)}`,
  })
  async myFacilities(@Ctx() context: Context): Promise<Facility[]> {
    const { viewer, em, municipality } = context;
    requireSignedIn(viewer, 'see your facilities');
    if (viewer.role !== 'provider' || !viewer.subject) return [];
    const memberships = await em.find(FacilityMemberEntity, { subject: viewer.subject }, { fields: ['facilityId'] });
    if (memberships.length === 0) return [];
    const rows = await em.find(FacilityEntity, { id: { $in: memberships.map((member) => member.facilityId) } }, { orderBy: { sortName: 'asc', id: 'asc' } });
    return rows.map((row) => toFacility(row, municipality));
  }

  @Mutation(() => Facility, {
    description: `Lets another account act for the facility (MEMBER by default; OWNER to share ownership), at most ${maxMembersPerFacility}. ${who} Adding a member again with the same role changes nothing.`,
  })
  async addFacilityMember(@Args(() => AddFacilityMemberArgs) { facilityId, subject, role }: AddFacilityMemberArgs, @Ctx() context: Context): Promise<Facility> {
    const row = await new MembershipService(context.em, context.municipality).add(context.viewer, facilityId, subject, role);
    return toFacility(row, context.municipality);
  }

  @Mutation(() => Facility, {
    description: `Ends an account's membership of the facility. ${who} The last owner stays (BAD_USER_INPUT): make another member OWNER first.`,
  })
  async removeFacilityMember(
    @Args(() => RemoveFacilityMemberArgs) { facilityId, subject }: RemoveFacilityMemberArgs,
    @Ctx() context: Context,
  ): Promise<Facility> {
    const row = await new MembershipService(context.em, context.municipality).remove(context.viewer, facilityId, subject);
    return toFacility(row, context.municipality);
  }

  @Mutation(() => Facility, {
    description: `Makes a member OWNER or MEMBER, e.g. when a facility changes hands. ${who} The last owner stays OWNER (BAD_USER_INPUT).`,
  })
  async setFacilityMemberRole(
    @Args(() => SetFacilityMemberRoleArgs) { facilityId, subject, role }: SetFacilityMemberRoleArgs,
    @Ctx() context: Context,
  ): Promise<Facility> {
    const row = await new MembershipService(context.em, context.municipality).setRole(context.viewer, facilityId, subject, role);
    return toFacility(row, context.municipality);
  }
}
