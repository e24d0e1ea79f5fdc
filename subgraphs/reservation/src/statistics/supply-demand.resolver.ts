import {
  addDays,
  applyAnswerPolicy,
  badInput,
  claimToken,
  clientError,
  ErrorCode,
  FanOutClaim,
  type FanOutSpec,
  fanOut,
  fanOutNote,
  isMunicipalityKey,
  LocalDate,
  parseLocalDate,
  requireSignedIn,
  type SubgraphContext,
  today,
} from '@kita/shared';
import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { dimensionsOf, groupBuckets, SupplyDemandService } from './supply-demand.service.js';
import { childCountFields, StatisticsDimension, SupplyDemandBucket, SupplyDemandSnapshot, smallestShownCount } from './supply-demand.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const keys = ['municipality', 'district', 'kind', 'ageGroup', 'hoursBand'];
const policy = {
  suppress: [...childCountFields],
  suppressBelow: smallestShownCount,
  suppressTotal: 'children',
  suppressedFlag: 'suppressed',
  // The totals a coarser answer shows: without the district, without the municipality (and so its districts), ...
  margins: ['district', 'municipality+district', 'kind', 'ageGroup', 'hoursBand'],
  ratios: ['coverage=freePlaces/waiting'],
};

const supplyDemandFanOut: FanOutSpec = { merge: 'SUM', keys, distinct: [...childCountFields], claims: 'childClaims', ...policy };
const historyFanOut: FanOutSpec = { merge: 'SUM', keys: ['day', ...keys], ...policy };

/** The snapshot's key columns (constants only in SQL text). */
const snapshotColumns = [
  { dimension: StatisticsDimension.DISTRICT, sql: 'district', field: 'district' },
  { dimension: StatisticsDimension.KIND, sql: 'kind', field: 'kind' },
  { dimension: StatisticsDimension.AGE_GROUP, sql: 'age_group', field: 'ageGroup' },
  { dimension: StatisticsDimension.HOURS_BAND, sql: 'hours_band', field: 'hoursBand' },
] as const;

/** The longest history one request may ask for. */
export const maxHistoryDays = 400;

/**
 * Who may see the statistics and for which municipality: analysts and offices, for the
 * municipalities their token lists (keys compare whole). Others are refused, the rest answer [].
 */
function mayCount(context: Context, municipalities: string[] | null | undefined, what: string): boolean {
  const { viewer, municipality } = context;
  requireSignedIn(viewer, what);
  if (viewer.role !== 'analyst' && viewer.role !== 'office')
    throw clientError(ErrorCode.Forbidden, 'Supply and demand statistics are for analysts and offices.');
  if (municipalities?.some((key) => !isMunicipalityKey(key)))
    throw badInput('"municipalities" must hold 5- or 8-digit municipality keys (AGS).', { argument: 'municipalities' });
  if (municipalities && !municipalities.includes(municipality)) return false;
  return viewer.municipalities.includes(municipality);
}

/**
 * Suppression happens after merging: the gateway (its service token) gets this municipality's
 * raw counts and applies the policy to the merged buckets; anyone else calling an instance gets
 * them suppressed here already.
 */
const forCaller = <T extends object>(context: Context, buckets: T[], extraKeys: string[] = []): T[] =>
  context.service === 'gateway' ? buckets : applyAnswerPolicy(policy, [...extraKeys, ...keys], buckets);

/** Supply against demand for regional planning (Kita-Bedarfsplanung): aggregates only. */
@Resolver(() => SupplyDemandBucket)
export class SupplyDemandResolver {
  @Directive(fanOut(supplyDemandFanOut))
  @Query(() => [SupplyDemandBucket], {
    nullable: true,
    description: `Capacity, free places and children (waiting, placed) by municipality, district, kind of care, age group and hours band, with coverage (free places per waiting child). Group by fewer keys with groupBy. For analysts and offices, for the municipalities their token lists; others contribute nothing. ${fanOutNote(supplyDemandFanOut)}`,
  })
  async supplyDemandStatistics(
    @Ctx() context: Context,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Municipality keys (AGS) to count; all of your token when absent.' })
    municipalities?: string[] | null,
    @Arg('groupBy', () => [StatisticsDimension], { nullable: true, description: 'The keys to group by; all five when absent, none for the total.' })
    groupBy?: StatisticsDimension[] | null,
  ): Promise<SupplyDemandBucket[]> {
    if (!mayCount(context, municipalities, 'see supply and demand statistics')) return [];
    const buckets = await new SupplyDemandService(context.em, context.municipality).buckets(dimensionsOf(groupBy));
    return forCaller(context, buckets);
  }

  /** For the gateway only (`@inaccessible`): each counted child as a token for the request's salt. */
  @Directive('@inaccessible')
  @FieldResolver(() => [FanOutClaim], { description: "The gateway's input for counting each child once across municipalities." })
  childClaims(@Root() bucket: SupplyDemandBucket, @Arg('salt', () => String) salt: string): FanOutClaim[] {
    if (salt.length < 16 || salt.length > 128) throw badInput('"salt" must have 16 to 128 characters.', { argument: 'salt' });
    return bucket.claims.map(({ child, weight, tally }) => ({ token: claimToken(salt, child), weight, tally }));
  }
}

@Resolver(() => SupplyDemandSnapshot)
export class SupplyDemandHistoryResolver {
  @Directive(fanOut(historyFanOut))
  @Query(() => [SupplyDemandSnapshot], {
    nullable: true,
    description: `Daily snapshots of supply and demand from \`from\` to \`to\` (at most ${maxHistoryDays} days), grouped like supplyDemandStatistics, ordered by day. Each municipality counts its own children (no cross-municipality distinct count for past days). For analysts and offices. ${fanOutNote(historyFanOut)}`,
  })
  async supplyDemandHistory(
    @Ctx() context: Context,
    @Arg('from', () => LocalDate) from: string,
    @Arg('to', () => LocalDate, { nullable: true, description: 'Today when absent.' }) to?: string | null,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Municipality keys (AGS); all of your token when absent.' })
    municipalities?: string[] | null,
    @Arg('groupBy', () => [StatisticsDimension], { nullable: true, description: 'The keys to group by besides the day; none when absent.' })
    groupBy?: StatisticsDimension[] | null,
    @Arg('days', () => [LocalDate], {
      nullable: true,
      description: `Only these days between \`from\` and \`to\` (at most ${maxHistoryDays}), e.g. one a week and each first of the month for a year's chart; every day when absent.`,
    })
    days?: string[] | null,
  ): Promise<SupplyDemandSnapshot[]> {
    if (!mayCount(context, municipalities, 'see supply and demand history')) return [];
    const end = to ?? today();
    parseLocalDate(from);
    if (from > end) throw badInput('"from" must not be after "to".', { argument: 'from' });
    if (addDays(from, maxHistoryDays) < end) throw badInput(`At most ${maxHistoryDays} days of history per request.`, { argument: 'from' });
    if (days && days.length > maxHistoryDays) throw badInput(`At most ${maxHistoryDays} days per request.`, { argument: 'days' });
    // Summed in PostgreSQL by day and the keys asked for (a year of the finest buckets is many rows).
    const dimensions = dimensionsOf(groupBy ?? []);
    const columns = snapshotColumns.filter((column) => dimensions.has(column.dimension));
    const select = snapshotColumns.map((column) => (dimensions.has(column.dimension) ? `${column.sql} as "${column.field}"` : `null as "${column.field}"`));
    const rows = await context.em.execute<
      Array<{
        day: string;
        district: string | null;
        kind: never;
        ageGroup: never;
        hoursBand: never;
        capacity: number;
        freePlaces: number;
        children: number;
        waiting: number;
        placed: number;
      }>
    >(
      `select to_char(day, 'YYYY-MM-DD') as day, ${select.join(', ')}, sum(capacity)::int as capacity, sum(free_places)::int as "freePlaces",
         sum(children)::int as children, sum(waiting)::int as waiting, sum(placed)::int as placed
       from statistics_snapshot where day between ? and ?${days ? ' and day = any(?::date[])' : ''}
       group by ${['day', ...columns.map((column) => column.sql)].join(', ')} order by day`,
      days ? [from, end, `{${days.join(',')}}`] : [from, end],
    );
    const snapshots = groupBuckets<SupplyDemandSnapshot, (typeof rows)[number] & { extraKey: string }>(
      context.municipality,
      dimensions,
      rows.map((row) => ({ ...row, extraKey: row.day })),
      (bucketKeys) => ({ ...bucketKeys, day: '', capacity: 0, freePlaces: 0, children: 0, waiting: 0, placed: 0, suppressed: false, coverage: null }),
      (bucket, row) => {
        bucket.day = row.extraKey;
        bucket.capacity += row.capacity ?? 0;
        bucket.freePlaces += row.freePlaces ?? 0;
        bucket.children = (bucket.children ?? 0) + (row.children ?? 0);
        bucket.waiting = (bucket.waiting ?? 0) + (row.waiting ?? 0);
        bucket.placed = (bucket.placed ?? 0) + (row.placed ?? 0);
      },
    );
    return forCaller(context, snapshots, ['day']);
  }
}
