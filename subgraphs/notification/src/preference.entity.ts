import { ArrayType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A recipient's choices: the language of its mails and the kinds it switched off (required kinds are sent anyway). */
@Entity({ tableName: 'notification_preference' })
export class NotificationPreferenceEntity {
  /** Account subject. */
  @PrimaryKey({ type: 'text' })
  subject!: string;

  @Property({ type: 'text', nullable: true })
  language: string | null = null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  disabledKinds: string[] = [];

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
