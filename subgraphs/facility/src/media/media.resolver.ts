import { type SubgraphContext, tryLocalIdIn } from '@kita/shared';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Facility } from '../facility/facility.types.js';
import type { FacilityLoaders } from '../loaders.js';
import { AddFacilityMediaArgs } from './media.input.js';
import { toFacilityMedia } from './media.mapper.js';
import { MediaService, maxMediaPerFacility } from './media.service.js';
import { FacilityMedia } from './media.types.js';

type Context = SubgraphContext<FacilityLoaders>;

/** `Facility.media`: visible whenever the facility is (its resolvers decide that). */
@Resolver(() => Facility)
export class FacilityMediaFieldResolver {
  @FieldResolver(() => [FacilityMedia], { description: 'Photos first, then attachments, each in the order they were added.' })
  async media(@Root() facility: Facility, @Ctx() context: Context): Promise<FacilityMedia[]> {
    const localId = tryLocalIdIn(context.municipality, facility.id);
    if (!localId) return [];
    const rows = await context.loaders.media.load(localId);
    return rows.map((row) => toFacilityMedia(row, context.municipality));
  }
}

@Resolver(() => FacilityMedia)
export class FacilityMediaResolver {
  @Mutation(() => FacilityMedia, {
    description: `Adds a photo or attachment to a facility (at most ${maxMediaPerFacility}). For the facility's providers and the office of its municipality. Refusals (PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, BAD_USER_INPUT) store nothing.`,
  })
  async addFacilityMedia(@Args(() => AddFacilityMediaArgs) { facilityId, input }: AddFacilityMediaArgs, @Ctx() context: Context): Promise<FacilityMedia> {
    const row = await new MediaService(context.em, context.municipality).add(context.viewer, facilityId, input);
    return toFacilityMedia(row, context.municipality);
  }

  @Mutation(() => ID, { description: "Removes a photo or attachment; returns its ID. For the facility's providers and the office of its municipality." })
  removeFacilityMedia(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<string> {
    return new MediaService(context.em, context.municipality).remove(context.viewer, id);
  }
}
