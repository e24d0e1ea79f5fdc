import 'reflect-metadata';
import { Directive, Field, Int, ObjectType } from 'type-graphql';

/** An age band in completed months, inclusive at both ends. */
@Directive('@shareable')
@ObjectType({ description: 'An age band in completed months: from ≤ age < to.' })
export class AgeRange {
  @Field(() => Int)
  fromMonths!: number;

  @Field(() => Int)
  toMonths!: number;
}

/** A WGS 84 point. */
@Directive('@shareable')
@ObjectType({ description: 'A WGS 84 coordinate.' })
export class GeoPoint {
  @Field(() => Number)
  latitude!: number;

  @Field(() => Number)
  longitude!: number;
}

/** Relay-style page information. */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/**
 * One thing a statistics bucket counts, for the gateway's `@fanOut(distinct …)` merge (see
 * fan-out.ts): never in the API schema, so only the gateway asks for it.
 */
@Directive('@inaccessible')
@ObjectType({ description: "Internal to the gateway's merge: a salted token of one counted thing." })
export class FanOutClaim {
  @Field(() => String)
  token!: string;

  @Field(() => Int)
  weight!: number;

  @Field(() => [String])
  tally!: string[];
}
