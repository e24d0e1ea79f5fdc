import { AgeGroup, ageGroupSql, FacilityKind, HoursBand, hoursBandSql, kitaYearStart, type MunicipalityKey, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openStatuses, ReservationStatus } from '../reservation/reservation.entity.js';
import type { DemandClaim } from './demand.types.js';
import { StatisticsDimension, type SupplyDemandBucket, type SupplyDemandCounts } from './supply-demand.types.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const unrankedWeight = 1_000_000;

// Supply of published facilities at the finest grain: the groups' capacity and the free places of
// vacancies that have not expired (the free_place projection of the vacancy subgraph's events).
const supplySql = `with fact as (select facility_id, kind, district, groups from facility_fact where status = 'PUBLISHED'),
capacity as (
  select f.district, f.kind, ${ageGroupSql("(g->>'ageFromMonths')::int")} as age_group, g->>'hoursBand' as hours_band, (g->>'capacity')::int as capacity, 0 as free_places
  from fact f cross join lateral jsonb_array_elements(f.groups::jsonb) g
), free as (
  select f.district, f.kind, ${ageGroupSql('fp.age_from_months')} as age_group, fp.hours_band, 0 as capacity, fp.places as free_places
  from free_place fp join fact f on f.facility_id = fp.facility_id
  where fp.available_until is null or fp.available_until >= ?
)
select district, kind, age_group as "ageGroup", hours_band as "hoursBand", sum(capacity)::int as capacity, sum(free_places)::int as "freePlaces"
from (select * from capacity union all select * from free) supply
group by district, kind, age_group, hours_band`;

// Each child once in this municipality, attributed as demandStatistics does: where its accepted
// place is (starting this Kita year or later), else where its best-ranked open choice is.
const childrenSql = `with choice as (
  select r.id, r.rank, r.created_at, r.status, r.hours_per_week, f.district, f.kind,
    coalesce(p.child_pseudonym, 'legacy:' || r.parent_subject || ':' || r.child_birth_date::text) as child,
    (extract(year from age(r.wished_start, r.child_birth_date)) * 12 + extract(month from age(r.wished_start, r.child_birth_date)))::int as months
  from reservation r
  left join reservation_part p on p.id = r.part_id
  left join facility_fact f on f.facility_id = r.facility_id
  where r.status in (${list(openStatuses)}) or (r.status = '${ReservationStatus.ACCEPTED}' and r.wished_start >= ?)
)
select distinct on (child) child, district, kind, ${ageGroupSql('months')} as "ageGroup", ${hoursBandSql('hours_per_week')} as "hoursBand",
  status = '${ReservationStatus.ACCEPTED}' as placed,
  case when status = '${ReservationStatus.ACCEPTED}' then 0 else coalesce(rank, ${unrankedWeight}) end as weight
from choice order by child, (status = '${ReservationStatus.ACCEPTED}') desc, rank nulls last, created_at, id`;

interface Keys {
  district: string | null;
  kind: FacilityKind | null;
  ageGroup: AgeGroup | null;
  hoursBand: HoursBand | null;
}
type SupplyRow = Keys & { capacity: number; freePlaces: number };
type ChildRow = Keys & { child: string; placed: boolean; weight: number };
/** A bucket at the finest grain, as a snapshot row holds it (counts within this municipality). */
export type FineBucket = Keys & { capacity: number; freePlaces: number; children: number; waiting: number; placed: number };

export const allDimensions = Object.values(StatisticsDimension);

/** The dimensions asked for; DISTRICT brings MUNICIPALITY (district names repeat across municipalities). */
export function dimensionsOf(groupBy: StatisticsDimension[] | null | undefined): Set<StatisticsDimension> {
  const dimensions = new Set(groupBy ?? allDimensions);
  if (dimensions.has(StatisticsDimension.DISTRICT)) dimensions.add(StatisticsDimension.MUNICIPALITY);
  return dimensions;
}

const orders: Record<string, readonly string[]> = { kind: Object.values(FacilityKind), ageGroup: Object.values(AgeGroup), hoursBand: Object.values(HoursBand) };
const rank = (field: string, value: string | null) => (value === null ? Number.MAX_SAFE_INTEGER : (orders[field]?.indexOf(value) ?? 0));

/** Buckets of this municipality grouped by `dimensions`, ordered by the keys (enums in declared order, null last). */
export function groupBuckets<T extends SupplyDemandCounts, R extends Keys & { extraKey?: string }>(
  municipality: MunicipalityKey,
  dimensions: Set<StatisticsDimension>,
  rows: R[],
  make: (keys: Omit<SupplyDemandCounts, 'capacity' | 'freePlaces' | 'children' | 'waiting' | 'placed' | 'suppressed' | 'coverage'>) => T,
  add: (bucket: T, row: R) => void,
): T[] {
  const buckets = new Map<string, T>();
  for (const row of rows) {
    const keys = {
      municipality: dimensions.has(StatisticsDimension.MUNICIPALITY) ? municipality : null,
      district: dimensions.has(StatisticsDimension.DISTRICT) ? row.district : null,
      kind: dimensions.has(StatisticsDimension.KIND) ? row.kind : null,
      ageGroup: dimensions.has(StatisticsDimension.AGE_GROUP) ? row.ageGroup : null,
      hoursBand: dimensions.has(StatisticsDimension.HOURS_BAND) ? row.hoursBand : null,
    };
    const id = JSON.stringify([row.extraKey ?? null, keys]);
    let bucket = buckets.get(id);
    if (!bucket) {
      bucket = make(keys);
      buckets.set(id, bucket);
    }
    add(bucket, row);
  }
  return [...buckets.values()].sort(
    (a, b) =>
      String((a as { day?: string }).day ?? '').localeCompare(String((b as { day?: string }).day ?? '')) ||
      (a.district === null ? 1 : 0) - (b.district === null ? 1 : 0) ||
      (a.district ?? '').localeCompare(b.district ?? '') ||
      rank('kind', a.kind) - rank('kind', b.kind) ||
      rank('ageGroup', a.ageGroup) - rank('ageGroup', b.ageGroup) ||
      rank('hoursBand', a.hoursBand) - rank('hoursBand', b.hoursBand),
  );
}

const emptyCounts = { capacity: 0, freePlaces: 0, children: 0, waiting: 0, placed: 0, suppressed: false, coverage: null };

type Rows = { supply: SupplyRow[]; children: ChildRow[] };

/** The rows of one request (one entity manager fork): several groupings of one request read them once. */
const rowsOfRequest = new WeakMap<EntityManager, Promise<Rows>>();

/** Supply against demand of one municipality: counts and salted claims, never a person. */
export class SupplyDemandService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  private rows(now: Date): Promise<Rows> {
    let rows = rowsOfRequest.get(this.em);
    if (!rows) {
      const day = today(now);
      rows = Promise.all([this.em.execute<SupplyRow[]>(supplySql, [day]), this.em.execute<ChildRow[]>(childrenSql, [kitaYearStart(day)])]).then(
        ([supply, children]) => ({ supply, children }),
      );
      rowsOfRequest.set(this.em, rows);
      rows.catch(() => rowsOfRequest.delete(this.em));
    }
    return rows;
  }

  /** Buckets grouped by `dimensions`, with the raw counts and each child's claim (for the gateway). */
  async buckets(dimensions: Set<StatisticsDimension>, now = new Date()): Promise<SupplyDemandBucket[]> {
    const { supply, children } = await this.rows(now);
    return groupBuckets<SupplyDemandBucket, SupplyRow | ChildRow>(
      this.municipality,
      dimensions,
      [...supply, ...children],
      (keys) => ({ ...keys, ...emptyCounts, claims: [] }),
      (bucket, row) => {
        if ('child' in row) {
          const child = row;
          bucket.children = (bucket.children ?? 0) + 1;
          if (child.placed) bucket.placed = (bucket.placed ?? 0) + 1;
          else bucket.waiting = (bucket.waiting ?? 0) + 1;
          const claim: DemandClaim = { child: child.child, weight: child.weight, tally: child.placed ? ['children', 'placed'] : ['children', 'waiting'] };
          bucket.claims.push(claim);
        } else {
          bucket.capacity += row.capacity;
          bucket.freePlaces += row.freePlaces;
        }
      },
    );
  }

  /** Today's buckets at the finest grain with counts within this municipality: what a snapshot records. */
  async fineBuckets(now = new Date()): Promise<FineBucket[]> {
    const buckets = await this.buckets(new Set(allDimensions), now);
    return buckets.map(({ district, kind, ageGroup, hoursBand, capacity, freePlaces, children, waiting, placed }) => ({
      district,
      kind,
      ageGroup,
      hoursBand,
      capacity,
      freePlaces,
      children: children ?? 0,
      waiting: waiting ?? 0,
      placed: placed ?? 0,
    }));
  }
}
