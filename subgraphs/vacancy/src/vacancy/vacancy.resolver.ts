import { formatId, tryParseId, type MunicipalityKey, type SubgraphContext } from '@kita/shared';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { VacancyLoaders } from '../loaders.js';
import type { VacancyEntity } from './vacancy.entity.js';
import { Facility, Vacancy } from './vacancy.types.js';

type Context = SubgraphContext<VacancyLoaders>;

export function toVacancy(row: VacancyEntity, municipality: MunicipalityKey): Vacancy {
  return {
    id: formatId(municipality, row.id),
    facility: { id: formatId(municipality, row.facilityId) },
    places: row.places,
    ageRange: { fromMonths: row.ageFromMonths, toMonths: row.ageToMonths },
    hoursBand: row.hoursBand,
    availableFrom: row.availableFrom,
    availableUntil: row.availableUntil,
  };
}

async function currentVacancies(facility: Facility, context: Context): Promise<VacancyEntity[]> {
  const parsed = tryParseId(facility.id);
  if (!parsed || parsed.municipality !== context.municipality) return [];
  return context.loaders.currentVacancies.load(parsed.localId);
}

export async function findVacancy(id: string, context: Context): Promise<Vacancy | null> {
  const parsed = tryParseId(id);
  if (!parsed || parsed.municipality !== context.municipality) return null;
  const row = await context.loaders.vacancy.load(parsed.localId);
  return row && toVacancy(row, context.municipality);
}

@Resolver(() => Facility)
export class FacilityVacanciesResolver {
  @FieldResolver(() => [Vacancy], { description: 'Free places that have not expired, earliest first.' })
  async vacancies(@Root() facility: Facility, @Ctx() context: Context): Promise<Vacancy[]> {
    return (await currentVacancies(facility, context)).map((row) => toVacancy(row, context.municipality));
  }

  @FieldResolver(() => Int, { description: 'Sum of places over the vacancies that have not expired.' })
  async freePlaces(@Root() facility: Facility, @Ctx() context: Context): Promise<number> {
    return (await currentVacancies(facility, context)).reduce((sum, row) => sum + row.places, 0);
  }
}

@Resolver(() => Vacancy)
export class VacancyResolver {
  @Query(() => Vacancy, { nullable: true, description: 'One vacancy by its global ID.' })
  vacancy(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Vacancy | null> {
    return findVacancy(id, context);
  }
}
