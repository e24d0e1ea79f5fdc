import { AgeGroup, ageGroupSql } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { HoursBand } from '../vacancy/vacancy.entity.js';
import type { FreePlaceBucket } from './statistics.types.js';

const orderOf = (values: string[]) => `array[${values.map((value) => `'${value}'`).join(', ')}]::text[]`;

// One statement: group in PostgreSQL, ordered by the enums' declaration order (not alphabetically).
const freePlacesSql = `select age_group as "ageGroup", hours_band as "hoursBand", count(*)::int as vacancies, sum(places)::int as places
from (
  select ${ageGroupSql('age_from_months')} as age_group, hours_band, places
  from vacancy
  where available_until is null or available_until >= ?
) as current_vacancy
group by age_group, hours_band
order by array_position(${orderOf(Object.values(AgeGroup))}, age_group), array_position(${orderOf(Object.values(HoursBand))}, hours_band)`;

/** Supply statistics of one municipality. */
export class StatisticsService {
  constructor(private readonly em: EntityManager) {}

  /** Vacancies current on `day`, counted and summed per age group and hours band. */
  freePlaces(day: string): Promise<FreePlaceBucket[]> {
    return this.em.execute<FreePlaceBucket[]>(freePlacesSql, [day]);
  }
}
