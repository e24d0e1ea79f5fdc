import { fanOut, fanOutNote, isOfficeOf, tryParseId, type FanOutSpec, type SubgraphContext, type Viewer } from '@kita/shared';
import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { PublicationStatus, type FacilityEntity } from './facility.entity.js';
import { toFacility } from './facility.mapper.js';
import { FacilityService } from './facility.service.js';
import { FacilityFilter, FacilityOrder, GeoPointInput } from './facility-search.types.js';
import { Facility, FacilityConnection } from './facility.types.js';
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

const facilitiesFanOut: FanOutSpec = { merge: 'CONNECTION' };

@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => Facility, { nullable: true, description: 'One facility by its global ID; null when unknown or not public.' })
  facility(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Facility | null> {
    return findFacility(id, context);
  }

  @Directive(fanOut(facilitiesFanOut))
  @Query(() => FacilityConnection, {
    description: `Search facilities, by name or by distance from a point. ${fanOutNote(facilitiesFanOut)}`,
  })
  async facilities(
    @Ctx() context: Context,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Only these municipalities (keys); all when omitted.' })
    municipalities?: string[],
    @Arg('filter', () => FacilityFilter, { nullable: true }) filter?: FacilityFilter,
    @Arg('near', () => GeoPointInput, { nullable: true, description: 'A point for distances, radius and DISTANCE order.' })
    near?: GeoPointInput,
    @Arg('orderBy', () => FacilityOrder, { defaultValue: FacilityOrder.NAME }) orderBy: FacilityOrder = FacilityOrder.NAME,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string,
  ): Promise<FacilityConnection> {
    if (municipalities && !municipalities.includes(context.municipality)) {
      return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    }
    const service = new FacilityService(context.em, context.municipality);
    const page = await service.search(context.viewer, { filter: filter ?? {}, near, orderBy, first, after });
    const edges = page.hits.map((hit) => ({
      cursor: hit.cursor,
      node: toFacility(hit.row, context.municipality),
      distanceKm: hit.distance === null ? null : Math.round(hit.distance / 10) / 100,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }
}
