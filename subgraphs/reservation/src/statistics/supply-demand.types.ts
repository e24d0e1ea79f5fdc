import { AgeGroup, FacilityKind, HoursBand, LocalDate } from '@kita/shared';
import { Field, Float, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { DemandClaim } from './demand.types.js';

/** What a supply-and-demand bucket is grouped by. */
export enum StatisticsDimension {
  MUNICIPALITY = 'MUNICIPALITY',
  DISTRICT = 'DISTRICT',
  KIND = 'KIND',
  AGE_GROUP = 'AGE_GROUP',
  HOURS_BAND = 'HOURS_BAND',
}

registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  description: 'A key of supply-and-demand buckets. DISTRICT implies MUNICIPALITY (district names repeat across municipalities).',
});

/** Buckets whose child counts lie between 1 and this minus 1 are suppressed. */
export const smallestShownCount = 5;

/** The child counts of a bucket, each suppressed when small; children (their sum) with either. */
export const childCountFields = ['children', 'waiting', 'placed'] as const;

const keyNote = 'null when the answer is not grouped by it';

/** The fields both bucket types share. */
@InterfaceType('SupplyDemandFigures', { description: 'Supply against demand of one bucket: counts only, no personal data.' })
export abstract class SupplyDemandCounts {
  @Field(() => String, { nullable: true, description: `The municipality (AGS); ${keyNote}.` })
  municipality!: string | null;

  @Field(() => String, {
    nullable: true,
    description: `The facilities' district (Stadtteil or Gemeinde); ${keyNote}, or while a facility is not yet known to the reservation subgraph.`,
  })
  district!: string | null;

  @Field(() => FacilityKind, { nullable: true, description: `Kind of care (of the facility chosen or offering); ${keyNote}.` })
  kind!: FacilityKind | null;

  @Field(() => AgeGroup, { nullable: true, description: `By the child's age at the wished start, or the youngest age a group or vacancy takes; ${keyNote}.` })
  ageGroup!: AgeGroup | null;

  @Field(() => HoursBand, { nullable: true, description: `By the weekly hours asked for, or the band of a group or vacancy; ${keyNote}.` })
  hoursBand!: HoursBand | null;

  @Field(() => Int, { description: 'Places of the groups of published facilities (capacity).' })
  capacity!: number;

  @Field(() => Int, { description: 'Free places of vacancies that have not expired.' })
  freePlaces!: number;

  @Field(() => Int, {
    nullable: true,
    description: `Children asking for care here (waiting + placed); null when suppressed: between 1 and ${smallestShownCount - 1} (shown as "< ${smallestShownCount}"), or when waiting or placed is.`,
  })
  children!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Of \`children\`: those with open choices and no accepted place; null when between 1 and ${smallestShownCount - 1}.`,
  })
  waiting!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Of \`children\`: those who accepted a place that starts in the current Kita year or later; null when between 1 and ${smallestShownCount - 1}.`,
  })
  placed!: number | null;

  @Field(() => Boolean, {
    description: `True when a child count of the bucket lies between 1 and ${smallestShownCount - 1}: that count, children (the sum) and a coverage computed from it are null, so that no child can be singled out. Decided after the gateway merged every municipality.`,
  })
  suppressed!: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'Free places per waiting child (freePlaces / waiting, two decimals); null when nobody waits or waiting is suppressed.',
  })
  coverage!: number | null;
}

@ObjectType({
  implements: SupplyDemandCounts,
  description:
    'Supply (capacity, free places) against demand (children waiting and placed) of one bucket: counts only, no personal data. Each child counts once across all municipalities.',
})
export class SupplyDemandBucket extends SupplyDemandCounts {
  /** Resolved by `SupplyDemandResolver.childClaims`. */
  claims!: DemandClaim[];
}

@ObjectType({
  implements: SupplyDemandCounts,
  description:
    "One day's snapshot of supply and demand of one bucket, as each municipality recorded it (no personal data). Children are counted once per municipality: a child waiting in two municipalities on that day counts in both.",
})
export class SupplyDemandSnapshot extends SupplyDemandCounts {
  @Field(() => LocalDate, { description: 'The day the municipality recorded it.' })
  day!: string;
}
