import { badInput, clientError, ErrorCode, fanOut, fanOutNote, isMunicipalityKey, type FanOutSpec, type SubgraphContext } from '@kita/shared';
import { requireSignedIn } from '@kita/shared';
import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { DemandService } from './demand.service.js';
import { DemandBucket } from './demand.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const demandFanOut: FanOutSpec = { merge: 'SUM', keys: ['municipality', 'district', 'ageGroup'] };

/** Demand statistics for planning (Jugendhilfeplanung): aggregates only. */
@Resolver(() => DemandBucket)
export class DemandStatisticsResolver {
  @Directive(fanOut(demandFanOut))
  @Query(() => [DemandBucket], {
    description: `Open demand by municipality, district and age group, counting children (not reservations). For analysts and offices, for the municipalities their token lists; others contribute nothing. A family choosing in two municipalities counts in each. ${fanOutNote(demandFanOut)}`,
  })
  async demandStatistics(
    @Ctx() context: Context,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Municipality keys (AGS) to count; all of your token when absent.' })
    municipalities?: string[] | null,
  ): Promise<DemandBucket[]> {
    const { viewer, municipality } = context;
    requireSignedIn(viewer, 'see demand statistics');
    if (viewer.role !== 'analyst' && viewer.role !== 'office') throw clientError(ErrorCode.Forbidden, 'Demand statistics are for analysts and offices.');
    const malformed = municipalities?.find((key) => !isMunicipalityKey(key));
    if (malformed !== undefined) throw badInput('"municipalities" must hold 5- or 8-digit municipality keys (AGS).', { argument: 'municipalities' });
    // Keys compare whole: an analyst of 03355 does not see 03355022.
    if (municipalities && !municipalities.includes(municipality)) return [];
    if (!viewer.municipalities.includes(municipality)) return [];
    return new DemandService(context.em, municipality).demand();
  }
}
