import {
  Availability,
  asksForMunicipality,
  availabilityOf,
  type FanOutSpec,
  fanOut,
  fanOutNote,
  type SubgraphContext,
  today,
  tryLocalIdIn,
} from '@kita/shared';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { VacancyLoaders } from '../loaders.js';
import { freePlacesOf } from './free-places.js';
import type { VacancyEntity } from './vacancy.entity.js';
import { AddVacancyArgs, UpcomingVacanciesArgs, UpdateVacancyArgs } from './vacancy.input.js';
import { toVacancy } from './vacancy.mapper.js';
import { requireUpcomingPageSize, VacancyService } from './vacancy.service.js';
import { Facility, Vacancy } from './vacancy.types.js';

type Context = SubgraphContext<VacancyLoaders>;

async function currentVacancies(facility: Facility, context: Context): Promise<Array<Readonly<VacancyEntity>>> {
  const localId = tryLocalIdIn(context.municipality, facility.id);
  if (!localId) return [];
  return context.loaders.currentVacancies.load(localId);
}

export async function findVacancy(id: string, context: Context): Promise<Vacancy | null> {
  const localId = tryLocalIdIn(context.municipality, id);
  if (!localId) return null;
  const row = await context.loaders.vacancy.load(localId);
  return row && toVacancy(row, context.municipality);
}

@Resolver(() => Facility)
export class FacilityVacanciesResolver {
  @FieldResolver(() => [Vacancy], {
    nullable: true,
    description: 'Free places that have not expired, earliest first. Null when the municipality could not answer.',
  })
  async vacancies(@Root() facility: Facility, @Ctx() context: Context): Promise<Vacancy[]> {
    return (await currentVacancies(facility, context)).map((row) => toVacancy(row, context.municipality));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Places free today: the vacancies available from today or earlier that have not expired (the same count as FacilityMarker.freePlacesNow). Null when the municipality could not answer.',
  })
  async freePlacesNow(@Root() facility: Facility, @Ctx() context: Context): Promise<number> {
    return freePlacesOf(await currentVacancies(facility, context), today()).now;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Places that become free after today: the vacancies available from a later day. Null when the municipality could not answer.',
  })
  async freePlacesLater(@Root() facility: Facility, @Ctx() context: Context): Promise<number> {
    return freePlacesOf(await currentVacancies(facility, context), today()).later;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    deprecationReason: 'Use freePlacesNow (free today) and freePlacesLater (free from a later day).',
    description:
      'Keeps its old meaning: every place of the vacancies that have not expired, today and later together (freePlacesNow + freePlacesLater). Null when the municipality could not answer.',
  })
  async freePlaces(@Root() facility: Facility, @Ctx() context: Context): Promise<number> {
    const { now, later } = freePlacesOf(await currentVacancies(facility, context), today());
    return now + later;
  }

  @FieldResolver(() => Availability, {
    nullable: true,
    description:
      'Traffic light: a place free today, within three months, or none. A facility without places still shows. Null when the municipality could not answer.',
  })
  async availability(@Root() facility: Facility, @Ctx() context: Context): Promise<Availability> {
    return availabilityOf(await currentVacancies(facility, context), today());
  }
}

const upcomingFanOut: FanOutSpec = { merge: 'ORDERED', sortBy: ['availableFrom', 'id'], limit: 'first' };

@Resolver(() => Vacancy)
export class VacancyResolver {
  @Query(() => Vacancy, { nullable: true, description: 'One vacancy by its global ID.' })
  vacancy(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Vacancy | null> {
    return findVacancy(id, context);
  }

  @Directive(fanOut(upcomingFanOut))
  @Query(() => [Vacancy], {
    nullable: true,
    description: `Vacancies that have not expired, earliest availableFrom first, then by ID. ${fanOutNote(upcomingFanOut)}`,
  })
  async upcomingVacancies(
    @Args(() => UpcomingVacanciesArgs) { municipalities, from, first }: UpcomingVacanciesArgs,
    @Ctx() context: Context,
  ): Promise<Vacancy[]> {
    // Arguments are checked even where the answer is [], so every municipality of a fan-out agrees.
    requireUpcomingPageSize(first);
    if (!asksForMunicipality(municipalities, context.municipality)) return [];
    const rows = await new VacancyService(context.em, context.municipality).upcoming(from, first);
    return rows.map((row) => toVacancy(row, context.municipality));
  }

  @Mutation(() => Vacancy, {
    description: "Publishes free places of a facility. For the facility's providers and the office of its municipality.",
  })
  async addVacancy(@Args(() => AddVacancyArgs) { facilityId, input }: AddVacancyArgs, @Ctx() context: Context): Promise<Vacancy> {
    const row = await new VacancyService(context.em, context.municipality).add(context.viewer, facilityId, input);
    return toVacancy(row, context.municipality);
  }

  @Mutation(() => Vacancy, {
    description:
      "Changes a vacancy's places, age band, hours band and dates at once (the whole input replaces it). For the facility's providers and the office of its municipality.",
  })
  async updateVacancy(@Args(() => UpdateVacancyArgs) { id, input }: UpdateVacancyArgs, @Ctx() context: Context): Promise<Vacancy> {
    const row = await new VacancyService(context.em, context.municipality).update(context.viewer, id, input);
    return toVacancy(row, context.municipality);
  }

  @Mutation(() => [ID], {
    description:
      'Removes vacancies of one municipality, all or none: an unknown ID (NOT_FOUND) or one the viewer may not manage (FORBIDDEN) removes nothing. Returns the removed IDs.',
  })
  removeVacancies(@Arg('ids', () => [ID]) ids: string[], @Ctx() context: Context): Promise<string[]> {
    return new VacancyService(context.em, context.municipality).remove(context.viewer, ids);
  }
}
