import { Availability } from '@kita/shared';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { FacilityKind } from './facility.entity.js';

@ObjectType({ description: 'A compact map marker: enough to draw a whole municipality at once.' })
export class FacilityMarker {
  @Field(() => ID)
  id!: string;

  @Field(() => FacilityKind)
  kind!: FacilityKind;

  @Field(() => String)
  name!: string;

  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => Int, {
    description: 'Places free today, from the free-place projection: the same count as Facility.freePlacesNow.',
  })
  freePlacesNow!: number;

  @Field(() => Int, { description: 'Places that become free after today: the same count as Facility.freePlacesLater.' })
  freePlacesLater!: number;

  @Field(() => Int, {
    deprecationReason: 'Use freePlacesNow (the same count) and freePlacesLater.',
    description: 'Keeps its meaning: places free today, equal to freePlacesNow.',
  })
  freePlaces!: number;

  @Field(() => Availability)
  availability!: Availability;
}
