import { clientError, ErrorCode, isOfficeOf, type SubgraphContext, tryLocalIdIn } from '@kita/shared';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { toFacility } from '../facility/facility.mapper.js';
import { Facility } from '../facility/facility.types.js';
import type { FacilityLoaders } from '../loaders.js';
import { isMember } from '../membership/membership.access.js';
import { requireSignedIn } from './onboarding.access.js';
import { OnboardingService } from './onboarding.service.js';
import { FacilityTransition, RejectFacilityArgs } from './onboarding.types.js';

type Context = SubgraphContext<FacilityLoaders>;

/** The office review: submitting, publishing, rejecting, and `Facility.history`. */
@Resolver(() => Facility)
export class FacilityOnboardingResolver {
  @FieldResolver(() => [FacilityTransition], {
    nullable: true,
    description:
      "Every step of the profile through the review, oldest first. Only for the facility's own providers (its members) and the office of its municipality.",
  })
  async history(@Root() facility: Facility, @Ctx() context: Context): Promise<FacilityTransition[]> {
    const { viewer, municipality } = context;
    requireSignedIn(viewer, 'see the review history');
    const localId = tryLocalIdIn(municipality, facility.id);
    if (!localId) return [];
    const office = isOfficeOf(viewer, municipality);
    // Members are read (batched for every facility of the request) only for a provider.
    if (!office && !(viewer.role === 'provider' && isMember(viewer, await context.loaders.members.load(localId)))) {
      throw clientError(ErrorCode.Forbidden, "Only the facility's own providers and the office of its municipality see its review history.", { municipality });
    }
    const rows = await context.loaders.transitions.load(localId);
    return rows.map((row) => ({
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      actorRole: row.actorRole,
      actorSubject: office ? row.actorSubject : null,
      reason: row.reason,
      at: row.at,
    }));
  }

  @Mutation(() => Facility, {
    description:
      'The owner sends a DRAFT or REJECTED profile to the office for review (SUBMITTED). A Kindertagespflege or Großtagespflege needs a valid permit first.',
  })
  async submitFacility(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Facility> {
    const row = await new OnboardingService(context.em, context.municipality).submit(context.viewer, id);
    return toFacility(row, context.municipality);
  }

  @Mutation(() => Facility, { description: 'The office of the municipality publishes a SUBMITTED profile: from now on everyone sees it.' })
  async publishFacility(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Facility> {
    const row = await new OnboardingService(context.em, context.municipality).publish(context.viewer, id);
    return toFacility(row, context.municipality);
  }

  @Mutation(() => Facility, { description: 'The office of the municipality sends a SUBMITTED profile back to its provider (REJECTED), saying why.' })
  async rejectFacility(@Args(() => RejectFacilityArgs) { id, reason }: RejectFacilityArgs, @Ctx() context: Context): Promise<Facility> {
    const row = await new OnboardingService(context.em, context.municipality).reject(context.viewer, id, reason);
    return toFacility(row, context.municipality);
  }
}
