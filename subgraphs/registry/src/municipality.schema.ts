import 'reflect-metadata';
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { MunicipalityKind as Kind, MunicipalityEntry, Registry } from './registry.js';

export enum MunicipalityKind {
  CITY = 'CITY',
  LANDKREIS = 'LANDKREIS',
  REGION = 'REGION',
}

registerEnumType(MunicipalityKind, {
  name: 'MunicipalityKind',
  description: 'CITY: a city with its own youth office; LANDKREIS or REGION: the district around it.',
});

/** What resolvers of the registry subgraph read: the current registry (it reloads on change). */
export interface RegistryContext {
  registry: () => Registry;
}

@ObjectType({ description: 'A box in degrees (WGS 84), edges included, that holds every facility of the municipality.' })
export class MunicipalityArea {
  @Field(() => Float)
  south!: number;

  @Field(() => Float)
  west!: number;

  @Field(() => Float)
  north!: number;

  @Field(() => Float)
  east!: number;
}

@ObjectType({ description: "A point inside the municipality's area for maps, in degrees (WGS 84)." })
export class MunicipalityCentroid {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
}

@Directive('@key(fields: "key")')
@ObjectType({ description: 'A municipality with its own youth office, as listed in the gateway registry.' })
export class Municipality {
  @Field(() => String, { description: 'Amtlicher Gemeindeschlüssel (AGS): 5 digits for a Landkreis or Region, 8 for a city.' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => MunicipalityKind)
  kind!: MunicipalityKind;

  @Field(() => [String], { description: 'Stadtteile or Gemeinden, for search filters.' })
  districts!: string[];

  @Field(() => Boolean, { description: 'False while the municipality is listed but not served.' })
  active!: boolean;

  @Field(() => MunicipalityArea, {
    nullable: true,
    description: 'The area the gateway routes geographic searches by; null when the registry gives none (then every such search asks this municipality).',
  })
  area?: MunicipalityArea | null;

  @Field(() => MunicipalityCentroid, { nullable: true, description: 'A point inside the area for maps; null when the registry gives none.' })
  centroid?: MunicipalityCentroid | null;

  parentKey?: string;
}

export const toMunicipality = (entry: MunicipalityEntry): Municipality => ({
  key: entry.key,
  name: entry.name,
  kind: entry.kind as Kind as MunicipalityKind,
  districts: entry.districts,
  active: entry.active,
  area: entry.area ?? null,
  centroid: entry.centroid ?? null,
  parentKey: entry.parent,
});

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => [Municipality], { description: 'Municipalities of the federation in registry order, for filter lists.' })
  municipalities(
    @Ctx() context: RegistryContext,
    @Arg('kind', () => MunicipalityKind, { nullable: true }) kind?: MunicipalityKind,
    @Arg('includeInactive', () => Boolean, { defaultValue: false }) includeInactive = false,
  ): Municipality[] {
    return context
      .registry()
      .municipalities.filter((entry) => (includeInactive || entry.active) && (!kind || entry.kind === kind))
      .map(toMunicipality);
  }

  @Query(() => Municipality, { nullable: true })
  municipalityByKey(@Arg('key', () => String) key: string, @Ctx() context: RegistryContext): Municipality | null {
    const entry = context.registry().get(key);
    return entry ? toMunicipality(entry) : null;
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'The Landkreis or Region a city belongs to.' })
  parent(@Root() municipality: Municipality, @Ctx() context: RegistryContext): Municipality | null {
    const entry = municipality.parentKey ? context.registry().get(municipality.parentKey) : undefined;
    return entry ? toMunicipality(entry) : null;
  }

  @FieldResolver(() => [Municipality], { description: 'Cities inside this Landkreis or Region.' })
  children(@Root() municipality: Municipality, @Ctx() context: RegistryContext): Municipality[] {
    return context
      .registry()
      .municipalities.filter((entry) => entry.parent === municipality.key)
      .map(toMunicipality);
  }
}
