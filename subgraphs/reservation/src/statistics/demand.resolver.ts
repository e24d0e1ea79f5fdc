import {
  badInput,
  claimToken,
  clientError,
  ErrorCode,
  FanOutClaim,
  type FanOutSpec,
  fanOut,
  fanOutNote,
  isMunicipalityKey,
  requireSignedIn,
  type SubgraphContext,
} from '@kita/shared';
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { DemandService } from './demand.service.js';
import { DemandBucket } from './demand.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const demandFanOut: FanOutSpec = {
  merge: 'SUM',
  keys: ['municipality', 'district', 'ageGroup'],
  distinct: ['children', 'waiting', 'placed'],
  claims: 'childClaims',
};

/** Demand statistics for planning (Jugendhilfeplanung): aggregates only. */
@Resolver(() => DemandBucket)
export class DemandStatisticsResolver {
  @Directive(fanOut(demandFanOut))
  @Query(() => [DemandBucket], {
    nullable: true,
    description: `Demand by municipality, district and age group, counting children (not applications or choices): a family choosing in two municipalities counts once. For analysts and offices, for the municipalities their token lists; others contribute nothing. ${fanOutNote(demandFanOut)}`,
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

  /** For the gateway only (`@inaccessible`): each counted child as a token for the request's salt. */
  @Directive('@inaccessible')
  @FieldResolver(() => [FanOutClaim], { description: "The gateway's input for counting each child once across municipalities." })
  childClaims(@Root() bucket: DemandBucket, @Arg('salt', () => String) salt: string): FanOutClaim[] {
    if (salt.length < 16 || salt.length > 128) throw badInput('"salt" must have 16 to 128 characters.', { argument: 'salt' });
    return bucket.claims.map(({ child, weight, tally }) => ({ token: claimToken(salt, child), weight, tally }));
  }
}
