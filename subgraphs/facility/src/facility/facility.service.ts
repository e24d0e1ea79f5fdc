import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, clientError, decodeCursor, encodeCursor, ErrorCode, isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import { FacilityEntity, PublicationStatus } from './facility.entity.js';
import { FacilityOrder, type FacilityFilter, type GeoPointInput } from './facility-search.types.js';

export const maxPageSize = 100;

export interface FacilitySearch {
  filter?: FacilityFilter;
  near?: GeoPointInput | null;
  orderBy?: FacilityOrder;
  first?: number;
  after?: string | null;
}

export interface FacilityHit {
  row: FacilityEntity;
  /** Metres from `near`, when given. */
  distance: number | null;
  cursor: string;
}

export interface FacilityPage {
  hits: FacilityHit[];
  hasNextPage: boolean;
  totalCount: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

// Great-circle distance in metres (haversine); parameters: latitude, latitude, longitude.
const distanceSql = `6371008.8 * 2 * asin(sqrt(power(sin(radians(f.latitude - ?::float8) / 2), 2) + cos(radians(?::float8)) * cos(radians(f.latitude)) * power(sin(radians(f.longitude - ?::float8) / 2), 2)))`;

/**
 * Facility search for one municipality: filters, visibility, distance, and keyset pagination.
 * Edge cursors are `encodeCursor(sortKey)` with sortKey [sortName, id] or [distance, id]: the
 * gateway merges pages of many municipalities by comparing exactly these tuples.
 */
export class FacilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** Publication statuses this viewer may see; only the municipality's office sees drafts. */
  visibleStatuses(viewer: Viewer, requested?: PublicationStatus[]): PublicationStatus[] {
    const office = isOfficeOf(viewer, this.municipality);
    if (requested?.length) {
      if (!office && requested.some((status) => status !== PublicationStatus.PUBLISHED)) {
        throw clientError(ErrorCode.Forbidden, 'Only the office of this municipality may search unpublished profiles.', {
          municipality: this.municipality,
        });
      }
      return requested;
    }
    return office ? Object.values(PublicationStatus) : [PublicationStatus.PUBLISHED];
  }

  async search(viewer: Viewer, search: FacilitySearch): Promise<FacilityPage> {
    const { filter = {}, near, orderBy = FacilityOrder.NAME, first = 20, after } = search;
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
      throw badInput(`"first" must be between 1 and ${maxPageSize}.`, { argument: 'first' });
    }
    if (near) validatePoint(near);
    if (orderBy === FacilityOrder.DISTANCE && !near) throw badInput('Ordering by DISTANCE needs "near".', { argument: 'near' });
    if (filter.radiusKm !== undefined && filter.radiusKm !== null) {
      if (!near) throw badInput('"radiusKm" needs "near".', { argument: 'near' });
      if (!(filter.radiusKm > 0 && filter.radiusKm <= 500)) throw badInput('"radiusKm" must be more than 0 and at most 500.', { argument: 'filter.radiusKm' });
    }

    const where: string[] = [];
    const params: unknown[] = [];
    const statuses = this.visibleStatuses(viewer, filter.publicationStatuses);
    where.push(`f.status in (${placeholders(statuses)})`);
    params.push(...statuses);
    if (filter.districts) {
      if (filter.districts.length === 0) return { hits: [], hasNextPage: false, totalCount: 0 };
      where.push(`f.district in (${placeholders(filter.districts)})`);
      params.push(...filter.districts);
    }
    if (filter.kinds) {
      if (filter.kinds.length === 0) return { hits: [], hasNextPage: false, totalCount: 0 };
      where.push(`f.kind in (${placeholders(filter.kinds)})`);
      params.push(...filter.kinds);
    }
    if (filter.ageInMonths !== undefined && filter.ageInMonths !== null) {
      if (!Number.isInteger(filter.ageInMonths) || filter.ageInMonths < 0 || filter.ageInMonths > 216) {
        throw badInput('"ageInMonths" must be between 0 and 216.', { argument: 'filter.ageInMonths' });
      }
      where.push('f.age_from_months <= ? and f.age_to_months > ?');
      params.push(filter.ageInMonths, filter.ageInMonths);
    }
    const text = filter.text?.trim();
    if (text) {
      if (text.length > 100) throw badInput('"text" must be at most 100 characters.', { argument: 'filter.text' });
      const pattern = `%${escapeLike(text)}%`;
      where.push('(f.name ilike ? or f.carrier ilike ? or f.district ilike ?)');
      params.push(pattern, pattern, pattern);
    }

    const distanceParams = near ? [near.latitude, near.latitude, near.longitude] : [];
    const inner = `select f.*, ${near ? distanceSql : 'null::float8'} as distance from facility f where ${where.join(' and ')}`;
    const outer: string[] = [];
    const outerParams: unknown[] = [];
    if (near && filter.radiusKm) {
      outer.push('s.distance <= ?');
      outerParams.push(filter.radiusKm * 1000);
    }
    const countSql = `select count(*)::int as count from (${inner}) s${outer.length ? ` where ${outer.join(' and ')}` : ''}`;
    const countParams = [...distanceParams, ...params, ...outerParams];

    const sortColumn = orderBy === FacilityOrder.DISTANCE ? 's.distance' : 's.sort_name collate "C"';
    const pageWhere = [...outer];
    const pageParams = [...outerParams];
    if (after) {
      const [key, id] = decodeCursor(after);
      const keyType = orderBy === FacilityOrder.DISTANCE ? 'number' : 'string';
      if (typeof key !== keyType || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
        throw badInput('"after" is not a cursor of this search order.', { argument: 'after' });
      }
      pageWhere.push(`(${sortColumn} > ? or (${sortColumn} = ? and s.id > ?::uuid))`);
      pageParams.push(key, key, id);
    }
    const pageSql = `select * from (${inner}) s${pageWhere.length ? ` where ${pageWhere.join(' and ')}` : ''} order by ${sortColumn}, s.id limit ?`;

    const [rows, counted] = await Promise.all([
      this.em.execute<Array<Record<string, unknown>>>(pageSql, [...distanceParams, ...params, ...pageParams, first + 1]),
      this.em.execute<Array<{ count: number }>>(countSql, countParams),
    ]);
    const hits = rows.slice(0, first).map((raw) => {
      const distance = raw.distance === null ? null : Number(raw.distance);
      const row = this.em.map(FacilityEntity, raw as never);
      const sortKey = orderBy === FacilityOrder.DISTANCE ? distance : (raw.sort_name as string);
      return { row, distance, cursor: encodeCursor([sortKey, row.id]) };
    });
    return { hits, hasNextPage: rows.length > first, totalCount: counted[0]?.count ?? 0 };
  }
}

function validatePoint(point: GeoPointInput): void {
  if (!(point.latitude >= -90 && point.latitude <= 90) || !(point.longitude >= -180 && point.longitude <= 180)) {
    throw badInput('"near" must have a latitude within ±90 and a longitude within ±180.', { argument: 'near' });
  }
}
