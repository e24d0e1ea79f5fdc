import {
  Availability,
  addMonths,
  badInput,
  clientError,
  decodeCursor,
  ErrorCode,
  encodeCursor,
  isMunicipalityKey,
  isOfficeOf,
  type MunicipalityKey,
  monthsBetween,
  placeholders,
  plainRows,
  today,
  type Viewer,
} from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { publicSql } from '../onboarding/visibility.js';
import { FacilityEntity, type FacilityKind, PublicationStatus } from './facility.entity.js';
import { type FacilityFilter, FacilityOrder, type GeoPointInput, type OpeningWindowInput } from './facility-search.types.js';

export const maxPageSize = 100;
export const maxMarkers = 3000;

export interface MarkerRow {
  id: string;
  kind: FacilityKind;
  name: string;
  latitude: number;
  longitude: number;
  freePlacesNow: number;
  freePlacesLater: number;
  /** Deprecated name of freePlacesNow. */
  freePlaces: number;
  availability: Availability;
}

export interface FacilitySearch {
  filter?: FacilityFilter;
  near?: GeoPointInput | null;
  orderBy?: FacilityOrder;
  first?: number;
  after?: string | null;
  /** Count every match for `totalCount` (a statement of its own); off when nobody reads it. Default on. */
  withTotal?: boolean;
  /** The `Facility` fields the caller reads of each hit (see `propertiesFor`); every column when absent. */
  fields?: Iterable<string>;
}

/**
 * What a search can read of a facility: every column but the bookkeeping timestamps, which
 * nothing shown from a search uses.
 */
export type FacilityRow = Omit<FacilityEntity, 'createdAt' | 'updatedAt'>;
type RowProperty = keyof FacilityRow;

/**
 * The properties each `Facility` field is made of (see toFacility). Reading only what the
 * query asks saves most of a search's work in PostgreSQL and in parsing its rows: the bench
 * query asks four fields of forty columns. A field missing here reads every column.
 */
const propertiesByField: Record<string, readonly RowProperty[]> = {
  __typename: [],
  id: ['id'],
  municipality: [],
  kind: ['kind'],
  name: ['name'],
  carrier: ['carrier'],
  address: ['street', 'postalCode', 'city', 'district'],
  location: ['latitude', 'longitude'],
  ageRange: ['ageFromMonths', 'ageToMonths'],
  capacity: ['capacity'],
  openingHours: ['openingHours'],
  publicationStatus: ['status'],
  carrierType: ['carrierType'],
  contact: ['phone', 'email', 'website'],
  description: ['description'],
  concepts: ['concepts'],
  languages: ['languages'],
  meals: ['meals'],
  accessibility: ['accessibility'],
  boundToResidence: ['boundToResidence'],
  permit: ['kind', 'permitNumber', 'permitIssuedOn', 'permitValidUntil', 'permitMaxChildren'],
  // Field resolvers of other features read the ID (always read) and their own tables.
  groups: [],
  media: [],
  history: [],
  members: [],
};

/** Always read: the ID, the sort name (cursors), and what access checks use (the status). */
const alwaysRead: readonly RowProperty[] = ['id', 'sortName', 'kind', 'status'];
const allProperties = (meta: { props: Array<{ name: string }> }) =>
  new Set(meta.props.map((prop) => prop.name).filter((name) => name !== 'createdAt' && name !== 'updatedAt'));

/** The properties a search must read for these `Facility` fields: all of `FacilityRow` when one is unknown. */
export function propertiesFor(fields: Iterable<string> | undefined): Set<string> | undefined {
  if (!fields) return undefined;
  const properties = new Set<string>(alwaysRead);
  for (const field of fields) {
    const made = propertiesByField[field];
    if (!made) return undefined;
    made.forEach((property) => properties.add(property));
  }
  return properties;
}

/** `f."id", f."kind", …`: the columns of these properties (all of `FacilityRow`'s when undefined). */
function searchColumns(em: EntityManager, properties: Set<string> | undefined): string {
  const meta = em.getMetadata().get(FacilityEntity);
  const wanted = properties ?? allProperties(meta);
  return meta.props
    .filter((prop) => wanted.has(prop.name))
    .flatMap((prop) => prop.fieldNames)
    .map((column) => `f."${column}"`)
    .join(', ');
}

export interface FacilityHit {
  /**
   * Read-only: a page is only shown, so its rows are not managed entities (see plainRows). It
   * holds the properties of the search's `fields` (see `propertiesFor`); the others are absent.
   */
  row: Readonly<FacilityRow>;
  /** Metres from `near`, when given. */
  distance: number | null;
  cursor: string;
}

export interface FacilityPage {
  hits: FacilityHit[];
  hasNextPage: boolean;
  /** Undefined when the search was asked `withTotal: false`. */
  totalCount?: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

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

  /**
   * The facilities this viewer may see that match the filter, as one SQL select (with a
   * `distance` column in metres when `near` is given); undefined when nothing can match.
   */
  matching(viewer: Viewer, filter: FacilityFilter, near?: GeoPointInput | null, properties?: Set<string>): { sql: string; params: unknown[] } | undefined {
    if (near) validatePoint(near);
    if (filter.radiusKm !== undefined && filter.radiusKm !== null) {
      if (!near) throw badInput('"radiusKm" needs "near".', { argument: 'near' });
      if (!(filter.radiusKm > 0 && filter.radiusKm <= 500)) throw badInput('"radiusKm" must be more than 0 and at most 500.', { argument: 'filter.radiusKm' });
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const statuses = this.visibleStatuses(viewer, filter.publicationStatuses);
    where.push(`f.status in (${placeholders(statuses)})`);
    params.push(...statuses);
    if (!isOfficeOf(viewer, this.municipality)) {
      // A lapsed Pflegeerlaubnis hides the profile at once, before the permit watch suspends it (see isPublic).
      where.push(publicSql('f'));
      params.push(today());
    }
    if (filter.districts) {
      if (filter.districts.length === 0) return undefined;
      where.push(`f.district in (${placeholders(filter.districts)})`);
      params.push(...filter.districts);
    }
    if (filter.kinds) {
      if (filter.kinds.length === 0) return undefined;
      where.push(`f.kind in (${placeholders(filter.kinds)})`);
      params.push(...filter.kinds);
    }
    const startDate = filter.wishedStart ?? today();
    const age = childAge(filter, startDate);
    if (age !== undefined) {
      where.push('f.age_from_months <= ? and f.age_to_months > ?');
      params.push(age, age);
    }
    const bands = filter.hoursPerWeek === undefined || filter.hoursPerWeek === null ? undefined : bandsCovering(filter.hoursPerWeek);
    if (filter.onlyWithFreePlaces) {
      const conditions = ['p.facility_id = f.id', 'p.places > 0', 'p.available_from <= ?', '(p.available_until is null or p.available_until >= ?)'];
      const values: unknown[] = [startDate, startDate];
      if (age !== undefined) {
        conditions.push('p.age_from_months <= ? and p.age_to_months > ?');
        values.push(age, age);
      }
      if (bands) {
        conditions.push(`p.hours_band in (${placeholders(bands)})`);
        values.push(...bands);
      }
      where.push(`exists (select 1 from free_place p where ${conditions.join(' and ')})`);
      params.push(...values);
    }
    if (filter.openAt) {
      const { weekdays, from, until } = validWindow(filter.openAt);
      for (const weekday of weekdays) {
        where.push(`exists (select 1 from jsonb_array_elements(f.opening_hours) h where (h->>'weekday')::int = ? and h->>'opens' <= ? and h->>'closes' >= ?)`);
        params.push(weekday, from, until);
      }
    }
    const arrayOf = (values: string[]) => `array[${placeholders(values)}]::text[]`;
    if (filter.concepts?.length) {
      if (filter.concepts.some((concept) => concept.length > 40)) throw badInput('A concept has at most 40 characters.', { argument: 'filter.concepts' });
      where.push(`f.concepts @> ${arrayOf(filter.concepts)}`);
      params.push(...filter.concepts);
    }
    if (filter.languages?.length) {
      const languages = filter.languages.map((language) => language.trim().toLowerCase());
      if (languages.some((language) => !/^[a-z]{2}$/.test(language)))
        throw badInput('Languages are two-letter ISO 639-1 codes, e.g. "tr".', { argument: 'filter.languages' });
      where.push(`f.languages && ${arrayOf(languages)}`);
      params.push(...languages);
    }
    if (filter.accessibility?.length) {
      where.push(`f.accessibility @> ${arrayOf(filter.accessibility)}`);
      params.push(...filter.accessibility);
    }
    if (filter.residence !== undefined && filter.residence !== null) {
      if (!isMunicipalityKey(filter.residence)) throw badInput('"residence" must be a municipality key (5 or 8 digits).', { argument: 'filter.residence' });
      // Keys compare whole: a family in the city (03355022) is not resident in the Landkreis (03355).
      if (filter.residence !== this.municipality) where.push('f.bound_to_residence = false');
    }
    const text = filter.text?.trim();
    if (text) {
      if (text.length > 100) throw badInput('"text" must be at most 100 characters.', { argument: 'filter.text' });
      const pattern = `%${escapeLike(text)}%`;
      where.push('(f.name ilike ? or f.carrier ilike ? or f.district ilike ?)');
      params.push(pattern, pattern, pattern);
    }

    const distanceParams = near ? [near.latitude, near.latitude, near.longitude] : [];
    const inner = `select ${searchColumns(this.em, properties)}, ${near ? distanceSql : 'null::float8'} as distance from facility f where ${where.join(' and ')}`;
    if (near && filter.radiusKm) {
      return { sql: `select * from (${inner}) r where r.distance <= ?`, params: [...distanceParams, ...params, filter.radiusKm * 1000] };
    }
    return { sql: inner, params: [...distanceParams, ...params] };
  }

  /**
   * Map markers for every matching facility (at most `maxMarkers`), with the free places of today
   * and of later days (the meaning of the vacancy subgraph's freePlacesNow and freePlacesLater) and the traffic light from the free-place projection: one statement.
   */
  async markers(viewer: Viewer, filter: FacilityFilter, near?: GeoPointInput | null): Promise<MarkerRow[]> {
    const matching = this.matching(viewer, filter, near);
    if (!matching) return [];
    const day = today();
    const horizon = addMonths(day, 3);
    const rows = await this.em.execute<Array<Record<string, unknown>>>(
      `select m.id, m.kind, m.name, m.latitude, m.longitude,
         coalesce(sum(p.places) filter (where p.available_from <= ?), 0)::int as free_now,
         coalesce(sum(p.places) filter (where p.available_from > ?), 0)::int as free_later,
         coalesce(bool_or(p.available_from <= ?), false) as free_soon
       from (${matching.sql}) m
       left join free_place p on p.facility_id = m.id and p.places > 0 and (p.available_until is null or p.available_until >= ?)
       group by m.id, m.kind, m.name, m.latitude, m.longitude
       order by m.id
       limit ?`,
      [day, day, horizon, ...matching.params, day, maxMarkers + 1],
    );
    if (rows.length > maxMarkers) {
      throw badInput(`More than ${maxMarkers} facilities match; narrow the filter (e.g. districts or kinds).`, { argument: 'filter' });
    }
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as FacilityKind,
      name: row.name as string,
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
      freePlacesNow: Number(row.free_now),
      freePlacesLater: Number(row.free_later),
      freePlaces: Number(row.free_now),
      availability: Number(row.free_now) > 0 ? Availability.FREE_NOW : row.free_soon ? Availability.FREE_SOON : Availability.NONE,
    }));
  }

  async search(viewer: Viewer, search: FacilitySearch): Promise<FacilityPage> {
    const { filter = {}, near, orderBy = FacilityOrder.NAME, first = 20, after, withTotal = true, fields } = search;
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
      throw badInput(`"first" must be between 1 and ${maxPageSize}.`, { argument: 'first' });
    }
    if (orderBy === FacilityOrder.DISTANCE && !near) throw badInput('Ordering by DISTANCE needs "near".', { argument: 'near' });

    const matching = this.matching(viewer, filter, near, propertiesFor(fields));
    if (!matching) return { hits: [], hasNextPage: false, ...(withTotal ? { totalCount: 0 } : {}) };

    const sortColumn = orderBy === FacilityOrder.DISTANCE ? 's.distance' : 's.sort_name collate "C"';
    const pageWhere: string[] = [];
    const pageParams: unknown[] = [];
    if (after) {
      const [key, id] = decodeCursor(after);
      const keyType = orderBy === FacilityOrder.DISTANCE ? 'number' : 'string';
      if (typeof key !== keyType || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
        throw badInput('"after" is not a cursor of this search order.', { argument: 'after' });
      }
      pageWhere.push(`(${sortColumn} > ? or (${sortColumn} = ? and s.id > ?::uuid))`);
      pageParams.push(key, key, id);
    }
    const pageSql = `select * from (${matching.sql}) s${pageWhere.length ? ` where ${pageWhere.join(' and ')}` : ''} order by ${sortColumn}, s.id limit ?`;

    const [rows, counted] = await Promise.all([
      this.em.execute<Array<Record<string, unknown>>>(pageSql, [...matching.params, ...pageParams, first + 1]),
      withTotal ? this.em.execute<Array<{ count: number }>>(`select count(*)::int as count from (${matching.sql}) s`, matching.params) : undefined,
    ]);
    const page = rows.slice(0, first);
    const facilities: Array<Readonly<FacilityRow>> = plainRows(this.em, FacilityEntity, page);
    const hits = page.map((raw, index) => {
      const distance = raw.distance === null ? null : Number(raw.distance);
      const row = facilities[index];
      const sortKey = orderBy === FacilityOrder.DISTANCE ? distance : (raw.sort_name as string);
      return { row, distance, cursor: encodeCursor([sortKey, row.id]) };
    });
    return { hits, hasNextPage: rows.length > first, ...(counted ? { totalCount: counted[0]?.count ?? 0 } : {}) };
  }
}

/** The child's age in months at the wished start, from either filter; undefined if neither. */
function childAge(filter: FacilityFilter, startDate: string): number | undefined {
  if (filter.childBirthDate && filter.ageInMonths !== undefined && filter.ageInMonths !== null) {
    throw badInput('Give either "childBirthDate" or "ageInMonths", not both.', { argument: 'filter.ageInMonths' });
  }
  if (filter.childBirthDate) {
    const age = monthsBetween(filter.childBirthDate, startDate);
    if (age < 0) throw badInput('The wished start lies before the birth date.', { argument: 'filter.wishedStart' });
    if (age > 216) throw badInput('The child is older than 18 years at the wished start.', { argument: 'filter.childBirthDate' });
    return age;
  }
  if (filter.ageInMonths === undefined || filter.ageInMonths === null) return undefined;
  if (!Number.isInteger(filter.ageInMonths) || filter.ageInMonths < 0 || filter.ageInMonths > 216) {
    throw badInput('"ageInMonths" must be between 0 and 216.', { argument: 'filter.ageInMonths' });
  }
  return filter.ageInMonths;
}

const bandLimits: Array<[string, number]> = [
  ['HALF_DAY', 25],
  ['THREE_QUARTER', 35],
  ['FULL_DAY', 45],
];

/** Hours bands whose weekly hours cover the need (a full-day place also serves 30 hours). */
export function bandsCovering(hoursPerWeek: number): string[] {
  if (!Number.isInteger(hoursPerWeek) || hoursPerWeek < 1 || hoursPerWeek > 45) {
    throw badInput('"hoursPerWeek" must be a whole number from 1 to 45.', { argument: 'filter.hoursPerWeek' });
  }
  return bandLimits.filter(([, limit]) => limit >= hoursPerWeek).map(([band]) => band);
}

const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

function validWindow(window: OpeningWindowInput): OpeningWindowInput {
  if (!timePattern.test(window.from) || !timePattern.test(window.until)) {
    throw badInput('"openAt" times must be HH:MM (00:00–23:59).', { argument: 'filter.openAt' });
  }
  if (window.from >= window.until) throw badInput('"openAt.from" must be before "openAt.until".', { argument: 'filter.openAt' });
  const weekdays = window.weekdays ?? [1, 2, 3, 4, 5];
  if (!weekdays.length || weekdays.some((day) => !Number.isInteger(day) || day < 1 || day > 7) || new Set(weekdays).size !== weekdays.length) {
    throw badInput('"openAt.weekdays" must be distinct days from 1 (Monday) to 7 (Sunday).', { argument: 'filter.openAt.weekdays' });
  }
  return { weekdays, from: window.from, until: window.until };
}

function validatePoint(point: GeoPointInput): void {
  if (!(point.latitude >= -90 && point.latitude <= 90) || !(point.longitude >= -180 && point.longitude <= 180)) {
    throw badInput('"near" must have a latitude within ±90 and a longitude within ±180.', { argument: 'near' });
  }
}
