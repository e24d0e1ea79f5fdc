import { asksForMunicipality, type FanOutSpec, fanOut, fanOutNote, type SubgraphContext, today } from '@kita/shared';
import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { VacancyLoaders } from '../loaders.js';
import { StatisticsService } from './statistics.service.js';
import { FreePlaceBucket } from './statistics.types.js';

const freePlacesFanOut: FanOutSpec = { merge: 'SUM', keys: ['ageGroup', 'hoursBand'] };

/** Supply statistics: public, since they hold counts only. */
@Resolver(() => FreePlaceBucket)
export class StatisticsResolver {
  @Directive(fanOut(freePlacesFanOut))
  @Query(() => [FreePlaceBucket], {
    nullable: true,
    description: `Vacancies that have not expired, counted and summed by age group and hours band, ordered by both. ${fanOutNote(freePlacesFanOut)}`,
  })
  async freePlaceStatistics(
    @Ctx() context: SubgraphContext<VacancyLoaders>,
    @Arg('municipalities', () => [String], { nullable: true, description: 'Municipality keys (AGS) to count; all when absent.' })
    municipalities?: string[] | null,
  ): Promise<FreePlaceBucket[]> {
    if (!asksForMunicipality(municipalities, context.municipality)) return [];
    return new StatisticsService(context.em).freePlaces(today());
  }
}
