import { newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export enum MediaKind {
  /** A picture shown on the profile; needs alt text. */
  PHOTO = 'PHOTO',
  /** A document offered for download (Konzeption, Anmeldebogen, Gebührenordnung …). */
  ATTACHMENT = 'ATTACHMENT',
}

/**
 * A photo or attachment of a facility, stored with its bytes in the municipality's own
 * database: there is no separate file store to run, back up or keep in step per municipality.
 */
@Entity({ tableName: 'facility_media' })
export class FacilityMediaEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  @Enum({ items: () => MediaKind })
  kind!: MediaKind;

  /** Checked against the content's magic bytes when stored. */
  @Property({ type: 'text' })
  contentType!: string;

  @Property({ type: 'text' })
  fileName!: string;

  @Property({ type: 'integer' })
  byteSize!: number;

  /** Hex digest of the content; the HTTP ETag. */
  @Property({ type: 'text' })
  sha256!: string;

  /** Lazy: listing a facility's media must not read megabytes it does not serve. */
  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  /** Empty for an attachment given none (its link then reads as the file name). */
  @Property({ type: 'text' })
  altText!: string;

  @Property({ type: 'text', nullable: true })
  caption: string | null = null;

  /** Order within the facility's media, in the order they were added. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
