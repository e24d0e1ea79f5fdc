import type { SubgraphContext } from '@kita/shared';
import { Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';

type Context = SubgraphContext<ReservationLoaders>;

/** The reservation subgraph's view of a municipality (the registry owns it): its key; it adds the municipality's rules for families. */
@Directive('@key(fields: "key")')
@ObjectType()
export class Municipality {
  @Field(() => String)
  key!: string;
}

@Resolver(() => Municipality)
export class MunicipalityRulesResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Facilities a family may choose per application in this municipality (its RESERVATION_MAX_CHOICES; 5 unless configured), so that a portal shows the cap before the family hits it. Null when the municipality could not answer.',
  })
  maxChoices(@Root() municipality: Municipality, @Ctx() context: Context): number | null {
    // Each instance answers for its own municipality only (the gateway routes the entity by its key).
    return municipality.key === context.municipality ? context.loaders.settings.maxChoices : null;
  }
}

/** Resolves the registry's `Municipality` by key for `_entities`. */
export const municipalityReference = { __resolveReference: (reference: { key: string }) => ({ key: reference.key }) };
