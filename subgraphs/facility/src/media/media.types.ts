import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MediaKind } from './media.entity.js';

registerEnumType(MediaKind, {
  name: 'MediaKind',
  description: 'PHOTO: a picture on the profile (JPEG, PNG, WebP). ATTACHMENT: a PDF to download.',
});

@ObjectType({ description: 'A photo or attachment of a facility; the file itself is served over plain HTTP at `url`.' })
export class FacilityMedia {
  @Field(() => ID, { description: 'Global ID: <municipality key>:<uuid v7>.' })
  id!: string;

  @Field(() => MediaKind)
  kind!: MediaKind;

  @Field(() => String, {
    description:
      "Where the gateway serves the file: a path relative to the gateway's origin, /media/<municipality>/<uuid>. Public while the facility's profile is PUBLISHED; otherwise only with a bearer token of its providers or office.",
  })
  url!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => Int, { description: 'Size of the file in bytes.' })
  byteSize!: number;

  @Field(() => String, { description: 'Text alternative of a photo; empty for an attachment given none (use the file name as link text).' })
  altText!: string;

  @Field(() => String, { nullable: true })
  caption!: string | null;
}
