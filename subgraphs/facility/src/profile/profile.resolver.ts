import { type SubgraphContext, tryLocalIdIn } from '@kita/shared';
import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { toFacility } from '../facility/facility.mapper.js';
import { Facility } from '../facility/facility.types.js';
import type { FacilityLoaders } from '../loaders.js';
import { RegisterFacilityArgs, UpdateFacilityProfileArgs } from './profile.input.js';
import { ProfileService } from './profile.service.js';
import { FacilityGroup } from './profile.types.js';

type Context = SubgraphContext<FacilityLoaders>;

/** The provider profile: `Facility.groups`, registering a facility and editing its profile. */
@Resolver(() => Facility)
export class FacilityProfileResolver {
  @FieldResolver(() => [FacilityGroup], { description: 'Groups by age band and hours band, youngest first; visible whenever the facility is.' })
  async groups(@Root() facility: Facility, @Ctx() context: Context): Promise<FacilityGroup[]> {
    const localId = tryLocalIdIn(context.municipality, facility.id);
    if (!localId) return [];
    const rows = await context.loaders.groups.load(localId);
    return rows.map((row) => ({
      name: row.name,
      ageRange: { fromMonths: row.ageFromMonths, toMonths: row.ageToMonths },
      hoursBand: row.hoursBand,
      capacity: row.capacity,
    }));
  }

  @Mutation(() => Facility, {
    description: 'A provider registers a facility in the municipality: a DRAFT profile it owns, until it submits it for review. For providers only.',
  })
  async registerFacility(@Args(() => RegisterFacilityArgs) { municipality, input }: RegisterFacilityArgs, @Ctx() context: Context): Promise<Facility> {
    const row = await new ProfileService(context.em, context.municipality).register(context.viewer, municipality, input);
    return toFacility(row, context.municipality);
  }

  @Mutation(() => Facility, {
    description:
      "Replaces a facility's profile, groups included, keeping its status (a published profile stays published). For its own provider and the office of its municipality.",
  })
  async updateFacilityProfile(@Args(() => UpdateFacilityProfileArgs) { id, input }: UpdateFacilityProfileArgs, @Ctx() context: Context): Promise<Facility> {
    const row = await new ProfileService(context.em, context.municipality).update(context.viewer, id, input);
    return toFacility(row, context.municipality);
  }
}
