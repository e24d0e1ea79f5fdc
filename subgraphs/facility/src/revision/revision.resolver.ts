import { isOfficeOf, type SubgraphContext, tryLocalIdIn } from '@kita/shared';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toFacility } from '../facility/facility.mapper.js';
import { Facility } from '../facility/facility.types.js';
import type { FacilityLoaders } from '../loaders.js';
import { isMember } from '../membership/membership.access.js';
import { profileChanges, publishedProfile } from './revision.diff.js';
import { RevisionStatus } from './revision.entity.js';
import { RevisionService } from './revision.service.js';
import { FacilityRevision, FacilityRevisionDecision, RejectFacilityRevisionArgs } from './revision.types.js';

type Context = SubgraphContext<FacilityLoaders>;

/** The local ID when the viewer may see the facility's revisions (its members, the office of its municipality); undefined otherwise. */
async function revisionsVisible(facility: Facility, { viewer, municipality, loaders }: Context): Promise<string | undefined> {
  const localId = tryLocalIdIn(municipality, facility.id);
  if (!localId) return undefined;
  if (isOfficeOf(viewer, municipality)) return localId;
  // Members are read (batched for every facility of the request) only for a provider.
  if (viewer.role === 'provider' && isMember(viewer, await loaders.members.load(localId))) return localId;
  return undefined;
}

/** Pending revisions of published profiles: `Facility.pendingRevision`, the office's decision on them, and its review queue. */
@Resolver(() => Facility)
export class FacilityRevisionResolver {
  @FieldResolver(() => FacilityRevision, {
    nullable: true,
    description:
      "The provider's edit of this published profile that waits for the office, with what it changes. For the facility's own providers (its members) and the office of its municipality; null for everyone else and when nothing waits.",
  })
  async pendingRevision(@Root() facility: Facility, @Ctx() context: Context): Promise<FacilityRevision | null> {
    const { loaders } = context;
    const localId = await revisionsVisible(facility, context);
    if (!localId) return null;
    const revision = await loaders.pendingRevisions.load(localId);
    if (!revision) return null;
    const [row, groups] = await Promise.all([loaders.facility.load(localId), loaders.groups.load(localId)]);
    if (!row) return null;
    return { submittedAt: revision.submittedAt, changes: profileChanges(publishedProfile(row, groups), revision.profile) };
  }

  @FieldResolver(() => FacilityRevisionDecision, {
    nullable: true,
    description:
      "The office's decision on the latest revision it approved or rejected (with its reason), so that the provider sees why a change did not go live. For the facility's own providers and the office of its municipality; null for everyone else and before any decision.",
  })
  async lastRevisionDecision(@Root() facility: Facility, @Ctx() context: Context): Promise<FacilityRevisionDecision | null> {
    const localId = await revisionsVisible(facility, context);
    if (!localId) return null;
    const revision = await context.loaders.lastRevisionDecisions.load(localId);
    if (!revision?.decidedAt) return null;
    return { approved: revision.status === RevisionStatus.APPROVED, reason: revision.reason, decidedAt: revision.decidedAt };
  }

  @Query(() => [Facility], {
    nullable: true,
    description:
      'What waits for the office of the municipality: SUBMITTED profiles and published profiles with a pending revision, the longest waiting first. For the office of that municipality only.',
  })
  async facilityReviewQueue(
    @Arg('municipality', () => String, { description: 'The municipality (AGS) whose queue this is; the gateway routes by it.' }) municipality: string,
    @Ctx() context: Context,
  ): Promise<Facility[]> {
    const queue = await new RevisionService(context.em, context.municipality).reviewQueue(context.viewer, municipality);
    return queue.map(({ row }) => toFacility(row, context.municipality));
  }

  @Mutation(() => Facility, {
    description:
      "The office of the municipality makes the facility's pending revision its published profile; other subgraphs learn of the change now. NOT_FOUND when no revision is pending.",
  })
  async approveFacilityRevision(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Facility> {
    const row = await new RevisionService(context.em, context.municipality).approve(context.viewer, id);
    return toFacility(row, context.municipality);
  }

  @Mutation(() => Facility, {
    description:
      'The office of the municipality rejects the pending revision, saying why; the published profile stays as it is and the provider is told the reason. NOT_FOUND when no revision is pending.',
  })
  async rejectFacilityRevision(@Args(() => RejectFacilityRevisionArgs) { id, reason }: RejectFacilityRevisionArgs, @Ctx() context: Context): Promise<Facility> {
    const row = await new RevisionService(context.em, context.municipality).reject(context.viewer, id, reason);
    return toFacility(row, context.municipality);
  }
}
