import type { EntityManager } from '@mikro-orm/postgresql';
import type { MunicipalityKey } from '@kita/shared';
import { openStatuses } from '../reservation/reservation.entity.js';
import { AgeGroup, type DemandBucket } from './demand.types.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

// One statement. A child is its pseudonym (rows from before parts existed: parent and birth date);
// it counts once, where its best-ranked open choice is, so the districts of a municipality add up
// to its children. Constants only in the text; nothing from the request.
const demandSql = `with open_choice as (
  select r.id, r.rank, r.created_at, f.district,
    coalesce(p.child_pseudonym, 'legacy:' || r.parent_subject || ':' || r.child_birth_date::text) as child,
    case when a.months < 36 then '${AgeGroup.KRIPPE}' when a.months < 72 then '${AgeGroup.KINDERGARTEN}' else '${AgeGroup.SCHOOL_AGE}' end as age_group
  from reservation r
  left join reservation_part p on p.id = r.part_id
  left join facility_fact f on f.facility_id = r.facility_id
  cross join lateral (select (extract(year from age(r.wished_start, r.child_birth_date)) * 12 + extract(month from age(r.wished_start, r.child_birth_date)))::int as months) a
  where r.status in (${list(openStatuses)})
), first_choice as (
  select distinct on (child) child, district, age_group from open_choice order by child, rank nulls last, created_at, id
), children as (
  select district, age_group, count(*)::int as children from first_choice group by district, age_group
), choices as (
  select district, age_group, count(*)::int as open_choices from open_choice group by district, age_group
)
select o.district, o.age_group as "ageGroup", coalesce(c.children, 0) as children, o.open_choices as "openChoices"
from choices o left join children c on c.district is not distinct from o.district and c.age_group = o.age_group
order by o.district nulls last, array_position(array[${list(Object.values(AgeGroup))}]::text[], o.age_group)`;

/** Demand statistics of one municipality: children and open choices, never a person. */
export class DemandService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  async demand(): Promise<DemandBucket[]> {
    const rows = await this.em.execute<Array<Omit<DemandBucket, 'municipality'>>>(demandSql);
    return rows.map((row) => ({ municipality: this.municipality, ...row }));
  }
}
