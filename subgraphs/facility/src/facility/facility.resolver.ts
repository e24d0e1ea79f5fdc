import { isOfficeOf, tryParseId, type SubgraphContext, type Viewer } from '@kita/shared';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { PublicationStatus, type FacilityEntity } from './facility.entity.js';
import { toFacility } from './facility.mapper.js';
import { FacilityService } from './facility.service.js';
import { Facility, FacilityConnection, FacilityFilter } from './facility.types.js';
import type { FacilityLoaders } from '../loaders.js';

type Context = SubgraphContext<FacilityLoaders>;

const visibleTo = (viewer: Viewer, context: Context, row: FacilityEntity | null) =>
  row && (row.status === PublicationStatus.PUBLISHED || isOfficeOf(viewer, context.municipality)) ? row : null;

/** Loads a facility of this municipality by global ID, or null when absent or not visible. */
export async function findFacility(id: string, context: Context): Promise<Facility | null> {
  const parsed = tryParseId(id);
  if (!parsed || parsed.municipality !== context.municipality) return null;
  const row = visibleTo(context.viewer, context, await context.loaders.facility.load(parsed.localId));
  return row && toFacility(row, context.municipality);
}

@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => Facility, { nullable: true, description: 'One facility by its global ID; null when unknown or not public.' })
  facility(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Facility | null> {
    return findFacility(id, context);
  }

  @Query(() => FacilityConnection, { description: 'Search facilities; pages are ordered by name.' })
  async facilities(
    @Ctx() context: Context,
    @Arg('filter', () => FacilityFilter, { nullable: true }) filter?: FacilityFilter,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string,
  ): Promise<FacilityConnection> {
    const service = new FacilityService(context.em, context.municipality);
    const page = await service.search(context.viewer, filter ?? {}, first, after);
    const edges = page.rows.map((row) => ({ cursor: FacilityService.cursorOf(row), node: toFacility(row, context.municipality) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }
}
