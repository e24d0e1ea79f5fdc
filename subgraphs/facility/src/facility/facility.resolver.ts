import { asksForMunicipality, type FanOutSpec, fanOut, fanOutNote, formatId, type SubgraphContext, selectedFields, selects, tryLocalIdIn } from '@kita/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { FacilityLoaders } from '../loaders.js';
import { visibleInRequest } from '../onboarding/visibility.js';
import { toFacility } from './facility.mapper.js';
import { FacilityService } from './facility.service.js';
import { Facility, FacilityConnection } from './facility.types.js';
import { FacilityMarker } from './facility-marker.types.js';
import { FacilityFilter, FacilityOrder, GeoPointInput } from './facility-search.types.js';

type Context = SubgraphContext<FacilityLoaders>;

/** Loads a facility of this municipality by global ID, or null when absent or not visible. */
export async function findFacility(id: string, context: Context): Promise<Facility | null> {
  const localId = tryLocalIdIn(context.municipality, id);
  if (!localId) return null;
  const row = await visibleInRequest(context, await context.loaders.facility.load(localId));
  return row && toFacility(row, context.municipality);
}

const facilitiesFanOut: FanOutSpec = { merge: 'CONNECTION' };
const markersFanOut: FanOutSpec = { merge: 'CONCAT' };

@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => Facility, { nullable: true, description: 'One facility by its global ID; null when unknown or not public.' })
  facility(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Facility | null> {
    return findFacility(id, context);
  }

  @Directive(fanOut(facilitiesFanOut))
  @Query(() => FacilityConnection, {
    nullable: true,
    description: `Search facilities, by name or by distance from a point. ${fanOutNote(facilitiesFanOut)}`,
  })
  async facilities(
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Only these municipalities (keys); all when omitted.' })
    municipalities?: string[],
    @Arg('filter', () => FacilityFilter, { nullable: true }) filter?: FacilityFilter,
    @Arg('near', () => GeoPointInput, { nullable: true, description: 'A point for distances, radius and DISTANCE order.' })
    near?: GeoPointInput,
    @Arg('orderBy', () => FacilityOrder, { defaultValue: FacilityOrder.NAME }) orderBy: FacilityOrder = FacilityOrder.NAME,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' }) first = 20,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string,
  ): Promise<FacilityConnection> {
    if (!asksForMunicipality(municipalities, context.municipality)) {
      return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0, missingMunicipalities: [] };
    }
    const service = new FacilityService(context.em, context.municipality);
    // Only what the query reads: the gateway asks for totalCount only when its client does (most
    // searches need no count statement), and for the node fields its client asks.
    const page = await service.search(context.viewer, {
      filter: filter ?? {},
      near,
      orderBy,
      first,
      after,
      withTotal: selects(info, 'totalCount'),
      fields: selectedFields(info, ['edges', 'node']),
    });
    const edges = page.hits.map((hit) => ({
      cursor: hit.cursor,
      node: toFacility(hit.row, context.municipality),
      distanceKm: hit.distance === null ? null : Math.round(hit.distance / 10) / 100,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
      missingMunicipalities: [],
    };
  }

  @Directive(fanOut(markersFanOut))
  @Query(() => [FacilityMarker], {
    nullable: true,
    description: `Map markers for all matching facilities (same filters as "facilities"). ${fanOutNote(markersFanOut)}`,
  })
  async facilityMarkers(
    @Ctx() context: Context,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Only these municipalities (keys); all when omitted.' })
    municipalities?: string[],
    @Arg('filter', () => FacilityFilter, { nullable: true }) filter?: FacilityFilter,
    @Arg('near', () => GeoPointInput, { nullable: true, description: 'Needed for filter.radiusKm.' }) near?: GeoPointInput,
  ): Promise<FacilityMarker[]> {
    if (!asksForMunicipality(municipalities, context.municipality)) return [];
    const rows = await new FacilityService(context.em, context.municipality).markers(context.viewer, filter ?? {}, near);
    return rows.map((row) => ({ ...row, id: formatId(context.municipality, row.id) }));
  }
}
