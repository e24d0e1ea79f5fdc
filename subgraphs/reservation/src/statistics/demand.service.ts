import { ageGroupSql, kitaYearStart, type MunicipalityKey, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openStatuses, ReservationStatus } from '../reservation/reservation.entity.js';
import { AgeGroup, type DemandBucket, type DemandClaim } from './demand.types.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** Weight of an open choice without a rank (rows from before parts existed): after every ranked one. */
const unrankedWeight = 1_000_000;

// One statement. A child is its pseudonym (rows from before parts existed: parent and birth date).
// It counts once in this municipality: where its accepted place is (if it starts this Kita year
// or later), else where its best-ranked open choice is, so the districts add up to its children.
// The claims carry the same attribution to the gateway, which counts a child once across
// municipalities (see FanOutSpec.distinct). Constants only in the text; the date is a parameter.
const demandSql = `with choice as (
  select r.id, r.rank, r.created_at, r.status, f.district,
    coalesce(p.child_pseudonym, 'legacy:' || r.parent_subject || ':' || r.child_birth_date::text) as child,
    ${ageGroupSql('a.months')} as age_group
  from reservation r
  left join reservation_part p on p.id = r.part_id
  left join facility_fact f on f.facility_id = r.facility_id
  cross join lateral (select (extract(year from age(r.wished_start, r.child_birth_date)) * 12 + extract(month from age(r.wished_start, r.child_birth_date)))::int as months) a
  where r.status in (${list(openStatuses)}) or (r.status = '${ReservationStatus.ACCEPTED}' and r.wished_start >= ?)
), attributed as (
  select distinct on (child) child, district, age_group, status = '${ReservationStatus.ACCEPTED}' as placed,
    case when status = '${ReservationStatus.ACCEPTED}' then 0 else coalesce(rank, ${unrankedWeight}) end as weight
  from choice order by child, (status = '${ReservationStatus.ACCEPTED}') desc, rank nulls last, created_at, id
), buckets as (
  select district, age_group, count(*) filter (where status <> '${ReservationStatus.ACCEPTED}')::int as open_choices from choice group by district, age_group
)
select b.district, b.age_group as "ageGroup",
  count(t.child)::int as children,
  count(t.child) filter (where not t.placed)::int as waiting,
  count(t.child) filter (where t.placed)::int as placed,
  b.open_choices as "openChoices",
  coalesce(json_agg(json_build_array(t.child, t.weight, t.placed) order by t.child) filter (where t.child is not null), '[]') as claims
from buckets b left join attributed t on t.district is not distinct from b.district and t.age_group = b.age_group
group by b.district, b.age_group, b.open_choices
order by b.district nulls last, array_position(array[${list(Object.values(AgeGroup))}]::text[], b.age_group)`;

type DemandRow = Omit<DemandBucket, 'municipality' | 'claims'> & { claims: Array<[child: string, weight: number, placed: boolean]> };

/** Demand statistics of one municipality: children and open choices, never a person. */
export class DemandService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  async demand(now = new Date()): Promise<DemandBucket[]> {
    const rows = await this.em.execute<DemandRow[]>(demandSql, [kitaYearStart(today(now))]);
    return rows.map(({ claims, ...row }) => ({
      municipality: this.municipality,
      ...row,
      claims: claims.map(([child, weight, placed]): DemandClaim => ({ child, weight, tally: placed ? ['children', 'placed'] : ['children', 'waiting'] })),
    }));
  }
}
