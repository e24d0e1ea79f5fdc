import type { SubgraphContext } from '@kita/shared';
import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { toFacility } from '../facility/facility.mapper.js';
import { Facility } from '../facility/facility.types.js';
import type { FacilityLoaders } from '../loaders.js';
import { PermitService } from './permit.service.js';
import { PermitsLapsingArgs, RecordPermitArgs } from './permit.types.js';

type Context = SubgraphContext<FacilityLoaders>;

/** Pflegeerlaubnisse, recorded by the office. */
@Resolver(() => Facility)
export class PermitResolver {
  @Mutation(() => Facility, {
    description:
      'The office of the municipality records the Pflegeerlaubnis of a Kindertagespflege or Großtagespflege, replacing the previous one. A profile suspended for a lapsed permit is published again.',
  })
  async recordPermit(@Args(() => RecordPermitArgs) { facilityId, input }: RecordPermitArgs, @Ctx() context: Context): Promise<Facility> {
    const row = await new PermitService(context.em, context.municipality).record(context.viewer, facilityId, input);
    return toFacility(row, context.municipality);
  }

  @Query(() => [Facility], {
    nullable: true,
    description:
      'Kindertagespflege and Großtagespflege of the municipality whose Pflegeerlaubnis has lapsed or lapses within "withinDays", the soonest end first. For the office of that municipality only.',
  })
  async permitsLapsing(@Args(() => PermitsLapsingArgs) { municipality, withinDays }: PermitsLapsingArgs, @Ctx() context: Context): Promise<Facility[]> {
    const rows = await new PermitService(context.em, context.municipality).lapsing(context.viewer, municipality, withinDays);
    return rows.map((row) => toFacility(row, context.municipality));
  }
}
